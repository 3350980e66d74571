package mapview

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/tsne"
	"github.com/bertvec/bertvec/vecdir"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/map")

// nasty labels: a token must never end the data <script> early.
var nasty = []string{"</script><script>alert(1)</script>", `"quoted" & <b>`, "\u2028line\u2029sep"}

// testMap is 4 clusters of Japanese tokens plus nasty ones, laid out by PCA.
func testMap(t testing.TB, per int) (*Map, []float32, int, int) {
	t.Helper()
	words := []string{"王", "女王", "男", "女", "東京", "大阪", "京都", "日本", "猫", "犬", "##的", "[CLS]"}
	const clusters, d = 4, 16
	rng := rand.New(rand.NewPCG(1, 2))
	var x []float32
	var labels []string
	for c := range clusters {
		centre := make([]float64, d)
		for j := range centre {
			centre[j] = rng.NormFloat64() * 4
		}
		for i := range per {
			for j := range d {
				x = append(x, float32(centre[j]+rng.NormFloat64()))
			}
			labels = append(labels, words[(c*per+i)%len(words)]+strings.Repeat("・", i/len(words)))
		}
	}
	n := clusters * per
	copy(labels[n-len(nasty):], nasty)
	pca, err := tsne.FitPCA(x, n, d, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(x, n, d, pca.Transform(x, n), labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "テスト map <&>"
	m.Caption = "PCA · 16-D Gaussian clusters"
	for i := range m.Points {
		m.Points[i].ID = 100 + i
	}
	return m, x, n, d
}

func TestNewNormsAndNeighbours(t *testing.T) {
	m, x, n, d := testMap(t, 12)
	nb, err := tsne.NearestNeighbors(x, n, d, DefaultNeighbors, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range m.Points {
		var ss float64
		for _, v := range x[i*d : (i+1)*d] {
			ss += float64(v) * float64(v)
		}
		if math.Abs(p.Norm-math.Sqrt(ss)) > 1e-9 {
			t.Fatalf("point %d norm %g, want %g", i, p.Norm, math.Sqrt(ss))
		}
		idx, d2 := nb.Of(i)
		for r := range DefaultNeighbors {
			if p.Neighbors[r] != idx[r] || math.Abs(float64(p.Dist[r])-math.Sqrt(float64(d2[r]))) > 1e-5 {
				t.Fatalf("point %d neighbour %d: %d at %g, want %d at %g", i, r, p.Neighbors[r], p.Dist[r], idx[r], math.Sqrt(float64(d2[r])))
			}
		}
	}
}

func TestNewBadInput(t *testing.T) {
	x := make([]float32, 6)
	xy := make([]float64, 6)
	labels := []string{"a", "b", "c"}
	for name, f := range map[string]func() error{
		"short matrix": func() error { _, err := New(x[:5], 3, 2, xy, labels, nil); return err },
		"short layout": func() error { _, err := New(x, 3, 2, xy[:4], labels, nil); return err },
		"labels":       func() error { _, err := New(x, 3, 2, xy, labels[:2], nil); return err },
		"NaN layout": func() error {
			bad := []float64{0, 0, math.NaN(), 0, 1, 1}
			_, err := New(x, 3, 2, bad, labels, nil)
			return err
		},
	} {
		if err := f(); !errors.Is(err, ErrInput) {
			t.Errorf("%s: got %v, want ErrInput", name, err)
		}
	}
}

// pageJSON extracts and decodes the data block of a page.
func pageJSON(t *testing.T, page string) pageData {
	t.Helper()
	const open = `<script type="application/json" id="map-data">`
	start := strings.Index(page, open)
	if start < 0 {
		t.Fatal("no data block")
	}
	rest := page[start+len(open):]
	end := strings.Index(rest, "</script>")
	var d pageData
	if err := json.Unmarshal([]byte(rest[:end]), &d); err != nil {
		t.Fatalf("data block is not JSON up to the first </script>: %v", err)
	}
	return d
}

func TestWriteHTMLEscapesAndRoundTrips(t *testing.T) {
	m, _, _, _ := testMap(t, 12)
	var buf bytes.Buffer
	if err := m.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if got := strings.Count(strings.ToLower(page), "</script"); got != 2 {
		t.Errorf("page has %d </script> tags, want 2 (data and code)", got)
	}
	d := pageJSON(t, page)
	if len(d.Label) != len(m.Points) {
		t.Fatalf("%d labels in the page, want %d", len(d.Label), len(m.Points))
	}
	for i, p := range m.Points {
		if d.Label[i] != p.Label || d.ID[i] != p.ID || len(d.Nbr[i]) != len(p.Neighbors) {
			t.Fatalf("point %d: page has %q id %d, want %q id %d", i, d.Label[i], d.ID[i], p.Label, p.ID)
		}
	}
	if !strings.Contains(page, "<title>テスト map &lt;&amp;&gt;</title>") {
		t.Error("title not HTML-escaped")
	}
	for _, bad := range []string{"http://", "https://", " src=", "<link", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("page is not self-contained: it holds %q", bad)
		}
	}
	for _, want := range []string{`"Noto Sans CJK JP"`, "IPAGothic", "window.bertvecMap"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// The data block of a small map is a golden file: go test -update rewrites it.
func TestWriteHTMLGoldenData(t *testing.T) {
	m, _, _, _ := testMap(t, 6)
	var buf bytes.Buffer
	if err := m.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(pageJSON(t, buf.String()), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("..", "..", "testdata", "map", "small-data.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update once to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("data block differs from %s; if the change is intended, run go test ./internal/mapview -update", golden)
	}
}

func TestWritePNG(t *testing.T) {
	m, _, _, _ := testMap(t, 40)
	var a, b bytes.Buffer
	opt := PNGOptions{Width: 800, Height: 600}
	if err := m.WritePNG(&a, opt); err != nil {
		t.Fatalf("%v (the Makefile installs fonts-noto-cjk)", err)
	}
	img, err := png.Decode(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 800 || r.Dy() != 600 {
		t.Errorf("picture is %v, want 800×600", r)
	}
	if err := m.WritePNG(&b, opt); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two renderings differ (err %v)", err)
	}
	if path := os.Getenv("MAPVIEW_PREVIEW"); path != "" { // for looking at it
		os.WriteFile(path, a.Bytes(), 0o644)
	}
}

// The font must really hold Japanese glyphs.
func TestLoadFaceJapanese(t *testing.T) {
	path, err := FindFont(FontCandidates)
	if err != nil {
		t.Fatalf("%v", err)
	}
	face, err := LoadFace(path, 20)
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	for _, r := range "王女東京カナ" {
		if _, _, ok := face.GlyphBounds(r); !ok {
			t.Errorf("%s has no glyph for %q", path, r)
		}
	}
}

// A font path that is a device or a pipe is refused, not read until memory
// runs out.
func TestLoadFaceNotRegular(t *testing.T) {
	_, err := LoadFace("/dev/zero", 20)
	if !errors.Is(err, vecdir.ErrNotRegular) {
		t.Errorf("LoadFace(/dev/zero): got %v, want ErrNotRegular", err)
	}
}

func TestFindFontMissing(t *testing.T) {
	_, err := FindFont([]FontCandidate{{"/nonexistent/font.ttc", "fonts-x"}})
	if !errors.Is(err, ErrNoFont) || !strings.Contains(err.Error(), "apt-get install fonts-noto-cjk") {
		t.Errorf("got %v, want ErrNoFont naming the package", err)
	}
	m, _, _, _ := testMap(t, 6)
	err = m.WritePNG(&bytes.Buffer{}, PNGOptions{FontPath: "/nonexistent/font.ttc"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/font.ttc") {
		t.Errorf("missing --font file: got %v", err)
	}
}
