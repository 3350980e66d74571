package search

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

func TestOpenErrors(t *testing.T) {
	good := tinyVectors(t)
	tests := []struct {
		name  string
		setup func(dir string) // breaks a copy of good
		kind  vecdir.Kind
		msg   string
	}{
		{"missing vocab", func(d string) { os.Remove(filepath.Join(d, "vocab.txt")) }, vecdir.Static, "vocab.txt"},
		{"missing npy", func(d string) { os.Remove(filepath.Join(d, "dynamic.npy")) }, vecdir.Dynamic, "no dynamic vectors"},
		{"rows differ from vocab", func(d string) {
			appendLine(t, filepath.Join(d, "vocab.txt"), "extra")
		}, vecdir.Static, "has 417 rows but vocab.txt has 418 tokens"},
		{"garbage npy", func(d string) { os.WriteFile(filepath.Join(d, "static.npy"), []byte("not numpy at all"), 0o644) }, vecdir.Static, "not a .npy file"},
		{"float64 npy", func(d string) {
			copyFile(t, "../testdata/npy/f8-2x3.npy", filepath.Join(d, "static.npy"))
		}, vecdir.Static, "dtype '<f8' not supported: want '<f4' (float32)"},
		{"truncated npy", func(d string) {
			p := filepath.Join(d, "static.npy")
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-100)
		}, vecdir.Static, "truncated"},
		{"1-D npy", func(d string) {
			copyFile(t, "../testdata/npy/f4-1d.npy", filepath.Join(d, "static.npy"))
		}, vecdir.Static, "want 2-D"},
		{"bad meta.json", func(d string) { os.WriteFile(filepath.Join(d, vecdir.MetaFile), []byte("{"), 0o644) }, vecdir.Static, "meta.json"},
		{"meta shape disagrees", func(d string) {
			os.WriteFile(filepath.Join(d, vecdir.MetaFile), []byte(`{"kinds": {"static": {"file": "static.npy", "shape": [417, 768]}}}`), 0o644)
		}, vecdir.Static, "meta.json says (417, 768)"},
		{"meta points outside", func(d string) {
			os.WriteFile(filepath.Join(d, vecdir.MetaFile), []byte(`{"kinds": {"static": {"file": "../x.npy"}}}`), 0o644)
		}, vecdir.Static, "outside"},
		{"not a directory", func(d string) {}, vecdir.Static, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, good, dir)
			tt.setup(dir)
			if tt.name == "not a directory" {
				dir = filepath.Join(dir, "vocab.txt")
			}
			s, err := Open(dir, tt.kind)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			if !errors.Is(err, vecdir.ErrVectors) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want vecdir.ErrVectors mentioning %q", err, tt.msg)
			}
		})
	}
	if _, err := Open(filepath.Join(good, "nope"), vecdir.Static); !errors.Is(err, vecdir.ErrVectors) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: err = %v", err)
	}
	// meta.json is optional.
	os.Remove(filepath.Join(good, vecdir.MetaFile))
	s, err := Open(good, vecdir.Dynamic)
	if err != nil {
		t.Fatalf("without meta.json: %v", err)
	}
	s.Close()
}

func TestParseEnums(t *testing.T) {
	if k, err := vecdir.ParseKind("dynamic"); k != vecdir.Dynamic || err != nil {
		t.Errorf("vecdir.ParseKind(dynamic) = %v, %v", k, err)
	}
	if _, err := vecdir.ParseKind("Static"); !errors.Is(err, vecdir.ErrKind) {
		t.Errorf("vecdir.ParseKind(Static) err = %v", err)
	}
	if m, err := ParseMetric("cosine"); m != Cosine || err != nil {
		t.Errorf("ParseMetric(cosine) = %v, %v", m, err)
	}
	if _, err := ParseMetric("ip"); !errors.Is(err, ErrMetric) || !strings.Contains(err.Error(), "l2 or cosine") {
		t.Errorf("ParseMetric(ip) err = %v", err)
	}
	if m, err := ParseObjective("mul"); m != Mul || err != nil {
		t.Errorf("ParseObjective(mul) = %v, %v", m, err)
	}
	if _, err := ParseObjective("3cosadd"); !errors.Is(err, ErrObjective) {
		t.Errorf("ParseObjective err = %v", err)
	}
	for _, k := range []vecdir.Kind{vecdir.Static, vecdir.Dynamic} {
		if got, _ := vecdir.ParseKind(k.String()); got != k {
			t.Errorf("kind %v does not round-trip", k)
		}
	}
}

func openTiny(t testing.TB, kind vecdir.Kind) *Store {
	t.Helper()
	s, err := Open(tinyVectors(t), kind)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// wantMeanOf checks that r is the two vocabulary tokens a and b and that
// its vector is their mean.
func wantMeanOf(t *testing.T, s *Store, r Resolved, a, b string) {
	t.Helper()
	ia, _ := s.Vocab().ID(a)
	ib, _ := s.Vocab().ID(b)
	if len(r.IDs) != 2 || r.IDs[0] != ia || r.IDs[1] != ib {
		t.Fatalf("IDs = %v, want [%d %d] (%s %s)", r.IDs, ia, ib, a, b)
	}
	for i, x := range r.Vector {
		if want := (s.Vector(ia)[i] + s.Vector(ib)[i]) / 2; x != want {
			t.Fatalf("Vector[%d] = %v, want the mean %v", i, x, want)
		}
	}
}

func TestResolveWordPiece(t *testing.T) {
	s := openTiny(t, vecdir.Static)
	r, err := s.Resolve("女王国") // not a token: 女王 ##国
	if err != nil {
		t.Fatal(err)
	}
	wantMeanOf(t, s, r, "女王", "##国")
	if n := r.Note(s.Vocab()); !strings.Contains(n, "女王 ##国") || !strings.Contains(n, "mean") {
		t.Errorf("Note = %q", n)
	}
	ans, err := s.Query("女王国 - 男", Options{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Notes) != 1 {
		t.Errorf("Notes = %v, want one", ans.Notes)
	}
	if _, err := s.Resolve("犬xyz"); !errors.Is(err, ErrWord) || !strings.Contains(err.Error(), `"犬xyz"`) || !strings.Contains(err.Error(), "[UNK]") {
		t.Errorf("Resolve(犬xyz) err = %v", err)
	}
	if _, err := s.Query("王 + 犬xyz", Options{K: 3}); !errors.Is(err, ErrWord) {
		t.Errorf("Query with unknown word: err = %v", err)
	}
}

func TestSearchErrors(t *testing.T) {
	s := openTiny(t, vecdir.Static)
	for _, k := range []int{0, -1, 418} {
		if _, err := s.Query("王", Options{K: k}); !errors.Is(err, ErrK) || !strings.Contains(err.Error(), "1..417") {
			t.Errorf("k=%d: err = %v", k, err)
		}
	}
	if _, err := s.Query("王", Options{K: 417}); err != nil {
		t.Errorf("k=V: %v", err)
	}
	if _, err := s.Query("王 - 王", Options{K: 3, Metric: Cosine}); !errors.Is(err, ErrQuery) || !strings.Contains(err.Error(), "zero") {
		t.Errorf("zero cosine query: err = %v", err)
	}
	if _, err := s.Query("王 - 王", Options{K: 3}); err != nil {
		t.Errorf("zero L2 query: %v", err)
	}
	if _, err := s.Search(make([]float32, 3), Options{K: 3}); !errors.Is(err, ErrQuery) {
		t.Errorf("short vector: err = %v", err)
	}
	nan := make([]float32, s.Dim())
	nan[0] = float32(math.NaN())
	if _, err := s.Search(nan, Options{K: 3}); !errors.Is(err, ErrQuery) {
		t.Errorf("NaN vector: err = %v", err)
	}
	if _, err := s.Query("王 +", Options{K: 3}); !errors.Is(err, ErrExpression) {
		t.Errorf("dangling: err = %v", err)
	}
}

func TestExcludeQueryAndCosine(t *testing.T) {
	s := openTiny(t, vecdir.Static)
	ans, err := s.Query("王 - 男 + 女", Options{K: 10, ExcludeQuery: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Results) != 10 {
		t.Fatalf("%d results", len(ans.Results))
	}
	for _, r := range ans.Results {
		if r.Token == "王" || r.Token == "男" || r.Token == "女" {
			t.Errorf("query word %s not excluded", r.Token)
		}
	}
	// Cosine: the top hit of a single word is itself with cosine 1.
	ans, err = s.Query("女", Options{K: 5, Metric: Cosine})
	if err != nil {
		t.Fatal(err)
	}
	top := ans.Results[0]
	if top.Token != "女" || math.Abs(float64(top.Cosine)-1) > 1e-6 || math.Abs(float64(top.Distance)) > 1e-6 {
		t.Errorf("top = %+v", top)
	}
	for i := 1; i < len(ans.Results); i++ {
		if ans.Results[i].Cosine > ans.Results[i-1].Cosine {
			t.Errorf("cosines not descending: %+v", ans.Results)
		}
	}
	// L2 results carry the cosine too; for the word itself it is 1.
	ans, _ = s.Query("女", Options{K: 1})
	if r := ans.Results[0]; r.Distance != 0 || math.Abs(float64(r.Cosine)-1) > 1e-6 {
		t.Errorf("L2 self hit = %+v", r)
	}
}

func appendLine(t *testing.T, path, line string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(line + "\n")
	f.Close()
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		copyFile(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
	}
}
