package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
)

func mapCmd(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return bertvec(t, append([]string{"map"}, args...)...)
}

// mapData is the part of the page's JSON data block the tests read.
type mapData struct {
	Label []string    `json:"label"`
	ID    []int       `json:"id"`
	X     []float64   `json:"x"`
	Y     []float64   `json:"y"`
	Nbr   [][]int     `json:"nbr"`
	Dist  [][]float64 `json:"dist"`
}

func readMapData(t *testing.T, path string) mapData {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const open = `<script type="application/json" id="map-data">`
	_, rest, ok := strings.Cut(string(page), open)
	if !ok {
		t.Fatalf("%s has no data block", path)
	}
	block, _, _ := strings.Cut(rest, "</script>")
	var d mapData
	if err := json.Unmarshal([]byte(block), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMapWholeVocabulary(t *testing.T) {
	dir := tinyVectors(t)
	out := filepath.Join(t.TempDir(), "map.html")
	pic := filepath.Join(t.TempDir(), "map.png")
	code, stdout, stderr := mapCmd(t, "--vectors", dir, "--first", "417", "--out", out, "--png", pic, "--png-size", "1200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+out+": 417 tokens, t-SNE") || !strings.Contains(stderr, "t-SNE: 1000/1000 iterations") {
		t.Errorf("stdout %q, stderr %q", stdout, stderr)
	}
	d := readMapData(t, out)
	if len(d.Label) != 417 || d.Label[86] != "王" || d.ID[86] != 86 || d.Label[0] != "[PAD]" {
		t.Fatalf("page holds %d labels, [86] = %q id %d", len(d.Label), d.Label[86], d.ID[86])
	}
	// 王's neighbours are faiss's exact top 10 for the query 王 in the
	// reference (which lists 王 itself first, then the rest and next_id).
	var ref struct {
		Dynamic struct {
			Queries []struct {
				Query  string `json:"query"`
				IDs    []int  `json:"ids"`
				NextID int    `json:"next_id"`
			} `json:"queries"`
		} `json:"dynamic"`
	}
	readReference(t, &ref)
	for _, q := range ref.Dynamic.Queries {
		if q.Query != "王" {
			continue
		}
		want := append(slices.Clone(q.IDs[1:]), q.NextID)
		if !slices.Equal(d.Nbr[86], want) {
			t.Errorf("neighbours of 王: %v, faiss says %v", d.Nbr[86], want)
		}
	}
	f, err := os.Open(pic)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 1200 || r.Dy() != 1200 {
		t.Errorf("picture is %v", r.Size())
	}
}

func TestMapSeeds(t *testing.T) {
	dir := tinyVectors(t)
	tmp := t.TempDir()
	run := func(name, seed string) []byte {
		out := filepath.Join(tmp, name)
		code, _, stderr := mapCmd(t, "--vectors", dir, "--kind", "static", "--first", "120", "--perplexity", "10",
			"--iterations", "300", "--seed", seed, "--out", out, "--quiet")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if stderr != "" {
			t.Errorf("--quiet still wrote %q", stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, c := run("a.html", "5"), run("b.html", "5"), run("c.html", "6")
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different pages")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 5 and 6 gave the same page")
	}
}

func TestMapSelections(t *testing.T) {
	dir := tinyVectors(t)
	tmp := t.TempDir()
	ids := filepath.Join(tmp, "ids.txt")
	if err := os.WriteFile(ids, []byte("# royalty\n86, 87 88\n89 86\n\n113 # 東京\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"words", []string{"--words", "王, 男,女,女王,王", "--perplexity", "1"}, []string{"王", "男", "女", "女王"}},
		{"ids file", []string{"--ids", ids, "--method", "pca"}, []string{"王", "男", "女", "女王", "東京"}},
		{"exact", []string{"--first", "8", "--perplexity", "2", "--exact", "--iterations", "100"}, []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "の", "、", "に"}},
		{"first, pca", []string{"--first", "6", "--method", "pca", "--kind", "static"}, []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "の"}},
	} {
		out := filepath.Join(tmp, tc.name+".html")
		code, _, stderr := mapCmd(t, append([]string{"--vectors", dir, "--out", out, "--quiet"}, tc.args...)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tc.name, code, stderr)
			continue
		}
		if d := readMapData(t, out); !slices.Equal(d.Label, tc.want) {
			t.Errorf("%s: mapped %q, want %q", tc.name, d.Label, tc.want)
		}
	}
}

func TestMapBadInput(t *testing.T) {
	dir := tinyVectors(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "map.html")
	badIDs := filepath.Join(tmp, "bad.txt")
	os.WriteFile(badIDs, []byte("1 2\n3 x\n"), 0o644)
	farIDs := filepath.Join(tmp, "far.txt")
	os.WriteFile(farIDs, []byte("1\n417\n"), 0o644)
	base := []string{"--vectors", dir, "--out", out}
	staticOnly := tinyVectors(t)
	os.Remove(filepath.Join(staticOnly, "dynamic.npy"))
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"png over html", append(base, "--first", "50", "--png", out), 2, "--out and --png name the same file"},
		{"png over html, other spelling", append(base, "--first", "50", "--png", filepath.Join(tmp, ".", "x", "..", "map.html")), 2, "--out and --png name the same file"},
		{"static only", []string{"--vectors", staticOnly, "--out", out, "--first", "5"}, 1, "no dynamic vectors in " + staticOnly + " (it has: static); use --kind static"},
		{"two selections", append(base, "--first", "10", "--words", "王"), 2, "(got --first and --words)"},
		{"first zero", append(base, "--first", "0"), 2, "--first 0: want a positive count"},
		{"first too large", append(base, "--first", "1000"), 2, "--first 1000 is more than the 417 tokens in vocab.txt"},
		{"unknown words", append(base, "--words", "王,存在しない,女,nope"), 2, `not in vocab.txt: "存在しない", "nope"`},
		{"perplexity vs tokens", append(base, "--words", "王,男,女,女王,東京"), 2,
			"--perplexity 30 must be below the number of tokens (5): lower it (e.g. --perplexity 1) or use --method pca"},
		{"perplexity equal", append(base, "--first", "20", "--perplexity", "20"), 2, "--perplexity 20 must be below the number of tokens (20)"},
		{"one token", append(base, "--words", "王", "--method", "pca"), 2, "at least 2 tokens, got 1"},
		{"ids not a number", append(base, "--ids", badIDs), 1, `bad.txt:2: "x" is not an id`},
		{"ids out of range", append(base, "--ids", farIDs), 1, "far.txt:2: id 417 is outside the vocabulary (0..416)"},
		{"ids missing", append(base, "--ids", filepath.Join(tmp, "none.txt")), 1, "none.txt"},
		{"unwritable out", []string{"--vectors", dir, "--first", "50", "--out", filepath.Join(tmp, "no", "dir", "map.html")}, 1, "write " + filepath.Join(tmp, "no", "dir", "map.html")},
		{"out is a directory", []string{"--vectors", dir, "--first", "50", "--out", tmp}, 1, "is a directory"},
		{"unwritable png", append(base, "--first", "50", "--png", filepath.Join(tmp, "no", "map.png")), 1, "write " + filepath.Join(tmp, "no", "map.png")},
		{"no out", []string{"--vectors", dir, "--first", "50"}, 2, "--out is required"},
		{"no vectors", []string{"--first", "50", "--out", out}, 2, "--vectors is required"},
		{"missing vectors", []string{"--vectors", filepath.Join(tmp, "nothing"), "--first", "5", "--out", out}, 1, "nothing: no such file"},
		{"bad kind", append(base, "--first", "5", "--kind", "contextual"), 2, "--kind"},
		{"bad method", append(base, "--first", "5", "--method", "umap"), 2, `--method "umap": want tsne or pca`},
		{"bad init", append(base, "--first", "50", "--init", "spectral"), 2, "--init"},
		{"negative perplexity", append(base, "--first", "50", "--perplexity", "-3"), 2, "--perplexity -3"},
		{"stray argument", append(base, "--first", "5", "王"), 2, "map takes no arguments"},
		{"missing font", append(base, "--first", "50", "--method", "pca", "--png", filepath.Join(tmp, "m.png"), "--font", "/no/such/font.ttc"), 1, "/no/such/font.ttc"},
	} {
		code, stdout, stderr := mapCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d mentioning %q", tc.name, code, stderr, tc.code, tc.msg)
		}
		if n := strings.Count(stderr, "bertvec map:"); n != 1 {
			t.Errorf("%s: %d error lines, want one: %q", tc.name, n, stderr)
		}
		if stdout != "" {
			t.Errorf("%s: wrote %q to stdout", tc.name, stdout)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%s: an error left %s behind", tc.name, out)
		}
	}
	// Nothing half-written is left beside the outputs.
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// BenchmarkMap3000x768 is the whole command at its target size: 3,000
// tokens of BERT-base width, t-SNE with the defaults, HTML and PNG.
func BenchmarkMap3000x768(b *testing.B) {
	const n, d = 3000, 768
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, n*d)
	centres := make([]float64, 30*d)
	for e := range centres {
		centres[e] = rng.NormFloat64() * 0.5
	}
	for i := range n {
		for j := range d {
			x[i*d+j] = float32(centres[(i%30)*d+j] + rng.NormFloat64())
		}
	}
	if err := npy.Write(filepath.Join(dir, "dynamic.npy"), n, d, x); err != nil {
		b.Fatal(err)
	}
	var voc strings.Builder
	voc.WriteString("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n")
	for i := 5; i < n; i++ {
		fmt.Fprintf(&voc, "語%s\n", strconv.Itoa(i))
	}
	if err := os.WriteFile(filepath.Join(dir, "vocab.txt"), []byte(voc.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "map.html")
	pic := filepath.Join(b.TempDir(), "map.png")
	for b.Loop() {
		if code, _, stderr := mapCmd(b, "--vectors", dir, "--first", "3000", "--out", out, "--png", pic, "--quiet"); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
}

// Without --first, --words or --ids the map shows the first 3,000 ids
// (all 417 of the tiny vocabulary); --json says what was written, and
// --quiet leaves stderr empty.
func TestMapDefaultSelectionJSONQuiet(t *testing.T) {
	dir := tinyVectors(t)
	out := filepath.Join(t.TempDir(), "map.html")
	code, stdout, stderr := mapCmd(t, "--vectors", dir, "--out", out, "--method", "pca", "--json", "--quiet")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var got struct {
		HTML    string `json:"html"`
		Kind    string `json:"kind"`
		Tokens  int    `json:"tokens"`
		Caption string `json:"caption"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %q", err, stdout)
	}
	if got.HTML != out || got.Kind != "dynamic" || got.Tokens != 417 || got.Caption == "" {
		t.Errorf("got %+v", got)
	}
	if d := readMapData(t, out); len(d.ID) != 417 || d.ID[0] != 0 || d.ID[416] != 416 {
		t.Errorf("mapped %d ids", len(d.ID))
	}
}

// In a small picture most labels of --first do not fit and the PNG says so;
// words named by --words are always labelled.
func TestMapPNGLabels(t *testing.T) {
	dir := tinyVectors(t)
	tmp := t.TempDir()
	words := "王,女王,男,女,東京,大阪,京都,日本,猫,犬,父,母,兄,姉,弟,妹,夫,妻,少年,少女"
	for _, tc := range []struct {
		sel     []string
		leftOut func(int) bool
	}{
		{[]string{"--first", "200"}, func(n int) bool { return n > 0 }},
		{[]string{"--words", words}, func(n int) bool { return n == 0 }},
	} {
		out, png := filepath.Join(tmp, "m.html"), filepath.Join(tmp, "m.png")
		args := append([]string{"--vectors", dir, "--out", out, "--png", png, "--png-size", "100", "--method", "pca", "--json"}, tc.sel...)
		code, stdout, stderr := mapCmd(t, args...)
		var got struct {
			LeftOut int `json:"png_labels_left_out"`
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &got) != nil || !tc.leftOut(got.LeftOut) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.sel, code, stdout, stderr)
		}
	}
}
