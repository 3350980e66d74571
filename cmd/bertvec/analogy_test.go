package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateSearch = flag.Bool("update-search", false, "rewrite testdata/search golden files")

const searchGolden = "../../testdata/search"

// golden compares got with testdata/search/name (or rewrites it).
func searchGoldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(searchGolden, name)
	if *updateSearch {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update-search to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

type refQuery struct {
	Query     string    `json:"query"`
	IDs       []int     `json:"ids"`
	Distances []float64 `json:"distances"`
}

func referenceQueries(t *testing.T, kind string) []refQuery {
	var ref map[string]json.RawMessage
	readReference(t, &ref)
	var k struct{ Queries []refQuery }
	if err := json.Unmarshal(ref[kind], &k); err != nil || len(k.Queries) == 0 {
		t.Fatalf("reference %s: %v", kind, err)
	}
	return k.Queries
}

type resultJSON struct {
	Rank     int     `json:"rank"`
	ID       int     `json:"id"`
	Token    string  `json:"token"`
	Distance float64 `json:"distance"`
	Cosine   float64 `json:"cosine"`
}

type answerOut struct {
	Query   string       `json:"query"`
	Kind    string       `json:"kind"`
	Metric  string       `json:"metric"`
	Results []resultJSON `json:"results"`
	Error   string       `json:"error"`
}

func decodeLines(t *testing.T, s string) []answerOut {
	t.Helper()
	var out []answerOut
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var a answerOut
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, a)
	}
	return out
}

// The --json answers match faiss's top-10 ids for every reference query.
func TestAnalogyJSONMatchesFaiss(t *testing.T) {
	dir := tinyVectors(t)
	for _, kind := range []string{"static", "dynamic"} {
		for _, q := range referenceQueries(t, kind) {
			code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "--kind", kind, "--json", q.Query)
			if code != 0 {
				t.Fatalf("%s %s: exit %d: %s", kind, q.Query, code, errOut)
			}
			a := decodeLines(t, out)
			if len(a) != 1 || a[0].Query != q.Query || a[0].Kind != kind || a[0].Metric != "l2" || len(a[0].Results) != 10 {
				t.Fatalf("%s %s: %s", kind, q.Query, out)
			}
			for i, r := range a[0].Results {
				if r.Rank != i+1 || r.ID != q.IDs[i] || math.Abs(r.Distance-q.Distances[i]) > 1e-4*q.Distances[i]+1e-6 {
					t.Errorf("%s %s rank %d: %+v, faiss id %d distance %v", kind, q.Query, i+1, r, q.IDs[i], q.Distances[i])
				}
			}
		}
	}
}

func TestAnalogyTable(t *testing.T) {
	dir := tinyVectors(t)
	code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "王 - 男 + 女")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	searchGoldenFile(t, "analogy-static.txt", out)
	// Several arguments, flags after them, full-width operators.
	code, out2, _ := bertvec(t, "analogy", "王", "－", "男", "＋", "女", "--vectors", dir)
	if code != 0 || out2 != out {
		t.Errorf("split arguments: exit %d\n%s", code, out2)
	}
	code, out, errOut = bertvec(t, "analogy", "--vectors", dir, "--kind", "dynamic", "--metric", "cosine", "--exclude-query", "-k", "5", "女王国 - 男")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, `note: "女王国" is not in the vocabulary`) {
		t.Errorf("no WordPiece note on stderr: %q", errOut)
	}
	searchGoldenFile(t, "analogy-dynamic-cosine.txt", out)
}

func TestAnalogyQueriesFile(t *testing.T) {
	dir := tinyVectors(t)
	qf := filepath.Join(t.TempDir(), "q.txt")
	lines := "王-男+女\n\n# a comment\n王 +\n犬xyz\n王+女\n王 - 王\n"
	if err := os.WriteFile(qf, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "--queries", qf, "-k", "3", "--metric", "cosine")
	if code != 1 || !strings.Contains(errOut, "3 of 5 queries failed") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	a := decodeLines(t, out)
	wantQ := []string{"王-男+女", "王 +", "犬xyz", "王+女", "王 - 王"}
	var gotQ []string
	for _, x := range a {
		gotQ = append(gotQ, x.Query)
	}
	if !slices.Equal(gotQ, wantQ) {
		t.Fatalf("queries %q, want %q", gotQ, wantQ)
	}
	for i, wantErr := range []string{"", "dangling operator", "[UNK]", "", "zero"} {
		if (wantErr == "") != (a[i].Error == "") || !strings.Contains(a[i].Error, wantErr) {
			t.Errorf("line %d: error %q, want %q", i, a[i].Error, wantErr)
		}
		if wantErr == "" && (len(a[i].Results) != 3 || a[i].Metric != "cosine") {
			t.Errorf("line %d: %+v", i, a[i])
		}
	}
	// Each answer equals the single-expression answer.
	_, one, _ := bertvec(t, "analogy", "--vectors", dir, "-k", "3", "--metric", "cosine", "--json", "王+女")
	if b := decodeLines(t, one); !slices.Equal(b[0].Results, a[3].Results) {
		t.Errorf("batch %+v, single %+v", a[3].Results, b[0].Results)
	}
	// All good: exit 0.
	os.WriteFile(qf, []byte("王-男+女\n王\n"), 0o644)
	if code, out, errOut := bertvec(t, "analogy", "--vectors", dir, "--queries", qf); code != 0 || len(decodeLines(t, out)) != 2 {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

// Bad input gives one clear error line and a non-zero exit.
func TestSearchCommandsBadInput(t *testing.T) {
	dir := tinyVectors(t)
	corrupt := t.TempDir()
	copySearchDir(t, dir, corrupt)
	os.WriteFile(filepath.Join(corrupt, "static.npy"), []byte("\x93NUMPY\x01\x00garbage"), 0o644)
	f8 := t.TempDir()
	copySearchDir(t, dir, f8)
	b, _ := os.ReadFile("../../testdata/npy/f8-2x3.npy")
	os.WriteFile(filepath.Join(f8, "static.npy"), b, 0o644)
	short := t.TempDir()
	copySearchDir(t, dir, short)
	os.WriteFile(filepath.Join(short, "vocab.txt"), []byte("[PAD]\n[UNK]\n[CLS]\n[SEP]\n"), 0o644)
	trunc := t.TempDir()
	copySearchDir(t, dir, trunc)
	os.Truncate(filepath.Join(trunc, "static.npy"), 1000)

	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"analogy", "王"}, 2, "--vectors is required"},
		{[]string{"analogy", "--vectors", dir}, 2, "missing expression"},
		{[]string{"analogy", "--vectors", dir, ""}, 2, "empty expression"},
		{[]string{"analogy", "--vectors", dir, "王 +"}, 2, "dangling operator"},
		{[]string{"analogy", "--vectors", dir, "王 + + 女"}, 2, "empty term"},
		{[]string{"analogy", "--vectors", dir, "--kind", "both", "王"}, 2, `unknown kind "both"`},
		{[]string{"analogy", "--vectors", dir, "--metric", "ip", "王"}, 2, `unknown metric "ip"`},
		{[]string{"analogy", "--vectors", dir, "-k", "0", "王"}, 2, "-k 0"},
		{[]string{"analogy", "--vectors", dir, "-k", "418", "王"}, 1, "k = 418, want 1..417"},
		{[]string{"analogy", "--vectors", dir, "--queries", "x", "王"}, 2, "not both"},
		{[]string{"analogy", "--vectors", dir, "--queries", filepath.Join(dir, "nope")}, 1, "no such file"},
		{[]string{"analogy", "--vectors", dir, "王 + 犬xyz"}, 1, `unknown word "犬xyz"`},
		{[]string{"analogy", "--vectors", filepath.Join(dir, "nope"), "王"}, 1, "bad vectors directory"},
		{[]string{"analogy", "--vectors", corrupt, "王"}, 1, "malformed .npy header"},
		{[]string{"analogy", "--vectors", f8, "王"}, 1, "dtype '<f8' not supported: want '<f4' (float32)"},
		{[]string{"analogy", "--vectors", trunc, "王"}, 1, "truncated"},
		{[]string{"analogy", "--vectors", short, "王"}, 1, "has 417 rows but vocab.txt has 4 tokens"},
		{[]string{"neighbors", "--vectors", dir}, 2, "missing WORD"},
		{[]string{"neighbors", "--vectors", dir, "-k", "-3", "王"}, 2, "-k -3"},
		{[]string{"neighbors", "--vectors", dir, "-k", "1000", "王"}, 1, "want 1..417"},
		{[]string{"neighbors", "--vectors", f8, "王"}, 1, "dtype '<f8'"},
		{[]string{"neighbors", "--vectors", dir, "犬xyz"}, 1, "[UNK]"},
		{[]string{"norms", "--vectors", dir}, 2, "missing WORD"},
		{[]string{"norms", "--vectors", dir, "--kind", "x", "王"}, 2, "unknown kind"},
		{[]string{"norms", "--vectors", corrupt, "王"}, 1, "malformed"},
		{[]string{"norms", "--vectors", dir, "犬xyz"}, 1, "[UNK]"},
		{[]string{"eval", "--vectors", dir}, 2, "want one questions FILE"},
		{[]string{"eval", "--vectors", dir, "--method", "cos", "x"}, 2, `unknown method "cos"`},
		{[]string{"eval", "--vectors", dir, filepath.Join(dir, "nope")}, 1, "no such file"},
		{[]string{"eval", "--vectors", dir, filepath.Join(dir, "vocab.txt")}, 1, "line 1: 1 words, want 4"},
		{[]string{"eval", "--vectors", short, "../../testdata/analogies-ja.txt"}, 1, "417 rows"},
	}
	for _, tt := range tests {
		code, out, errOut := bertvec(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errOut, tt.code, tt.msg)
		}
		if out != "" {
			t.Errorf("%q: stdout %q, want nothing", tt.args, out)
		}
		if tt.code == 1 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%q: want one error line, got %q", tt.args, errOut)
		}
	}
}

func copySearchDir(t *testing.T, from, to string) {
	t.Helper()
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
