package search

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

const tinyDir = "../testdata/tiny-bert-ja"

// reference is reference/analogies.json: faiss IndexFlatL2 answers.
type reference map[string]json.RawMessage

type refKind struct {
	Norms   map[string]float64 `json:"norms"`
	Queries []struct {
		Query        string    `json:"query"`
		Terms        [][3]any  `json:"terms"`
		IDs          []int     `json:"ids"`
		Tokens       []string  `json:"tokens"`
		Distances    []float64 `json:"distances"`
		NextID       int       `json:"next_id"`
		NextDistance float64   `json:"next_distance"`
	} `json:"queries"`
}

// tinyVectors builds the vectors directory `bertvec extract` would write
// for tiny-bert-ja from the transformers reference rows.
func tinyVectors(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"vocab.txt", "reference/static.npy", "reference/dynamic.npy"} {
		b, err := os.ReadFile(filepath.Join(tinyDir, f))
		if err != nil {
			t.Fatalf("reference data missing: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	meta := `{"vocab": "vocab.txt", "format": "npy", "kinds": {
  "static": {"file": "static.npy", "shape": [417, 64], "dtype": "<f4"},
  "dynamic": {"file": "dynamic.npy", "shape": [417, 64], "dtype": "<f4"}}}`
	if err := os.WriteFile(filepath.Join(dir, vecdir.MetaFile), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func loadReference(t testing.TB) map[vecdir.Kind]refKind {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(tinyDir, "reference", "analogies.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw reference
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[vecdir.Kind]refKind{}
	for _, k := range []vecdir.Kind{vecdir.Static, vecdir.Dynamic} {
		var rk refKind
		if err := json.Unmarshal(raw[k.String()], &rk); err != nil {
			t.Fatal(err)
		}
		if len(rk.Queries) == 0 || len(rk.Norms) == 0 {
			t.Fatalf("%v: reference has no queries or norms", k)
		}
		out[k] = rk
	}
	return out
}

// TestConformanceFaiss checks every reference query: the top-10 ids equal
// faiss's (ties, if any, may swap), the 11th hit agrees, distances agree to
// 1e-4 relative, and the norms agree to 1e-12.
func TestConformanceFaiss(t *testing.T) {
	dir := tinyVectors(t)
	for kind, ref := range loadReference(t) {
		t.Run(kind.String(), func(t *testing.T) {
			s, err := Open(dir, kind)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for word, want := range ref.Norms {
				r, err := s.Resolve(word)
				if err != nil {
					t.Fatal(err)
				}
				if got := s.Norm(r.IDs[0]); math.Abs(got-want) > 1e-12*want {
					t.Errorf("norm %s = %.17g, want %.17g", word, got, want)
				}
			}
			s.Prepare()
			for _, quant := range []bool{false, true} {
				withQuant(t, quant, func() { checkQueries(t, s, ref) })
			}
		})
	}
}

func checkQueries(t *testing.T, s *Store, ref refKind) {
	for _, q := range ref.Queries {
		ans, err := s.Query(q.Query, Options{K: 11})
		if err != nil {
			t.Fatalf("%s: %v", q.Query, err)
		}
		for i, term := range q.Terms {
			if id := int(term[2].(float64)); ans.Terms[i].IDs[0] != id || ans.Terms[i].Word != term[1] {
				t.Errorf("%s: term %d is %v, want %v", q.Query, i, ans.Terms[i], term)
			}
		}
		ids := append(append([]int{}, q.IDs...), q.NextID)
		dists := append(append([]float64{}, q.Distances...), q.NextDistance)
		for i, r := range ans.Results {
			if r.ID != ids[i] && !tiedIn(dists, i, r.ID, ids) {
				t.Errorf("%s rank %d: id %d (%s), faiss %d (%s)", q.Query, i+1, r.ID, r.Token, ids[i], s.Vocab().Token(ids[i]))
			}
			if d := float64(r.Distance); math.Abs(d-dists[i]) > 1e-4*math.Max(dists[i], 1e-3) {
				t.Errorf("%s rank %d: distance %v, faiss %v", q.Query, i+1, d, dists[i])
			}
			if i < len(q.Tokens) && r.ID == ids[i] && r.Token != q.Tokens[i] {
				t.Errorf("%s rank %d: token %q, want %q", q.Query, i+1, r.Token, q.Tokens[i])
			}
		}
	}
}

// tiedIn reports whether id sits in ids at a position whose faiss distance
// equals position i's, i.e. the two may legitimately swap.
func tiedIn(dists []float64, i, id int, ids []int) bool {
	for j, x := range ids {
		if x == id && math.Abs(dists[j]-dists[i]) <= 1e-6*math.Max(dists[i], 1e-6) {
			return true
		}
	}
	return false
}
