package search

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

func TestIsSpecial(t *testing.T) {
	for tok, want := range map[string]bool{
		"[PAD]": true, "[UNK]": true, "[CLS]": true, "[SEP]": true, "[MASK]": true,
		"[unused0]": true, "[unused993]": true,
		"[unused]": false, "[unusedx]": false, "[unused1": false, "王": false, "##ラ": false, "[pad]": false,
	} {
		if IsSpecial(tok) != want {
			t.Errorf("IsSpecial(%q) = %v, want %v", tok, !want, want)
		}
	}
}

// With ExcludeSpecial no special token is returned and K results still
// come; without it the specials rank as the kernel ranks them.
func TestExcludeSpecial(t *testing.T) {
	toks := append(synthTokens(5), "[unused0]", "[unused1]", "a", "b", "c", "d", "e")
	dim := 4
	data := make([]float32, len(toks)*dim)
	for i := range data {
		data[i] = 1 // every row equal: ties by id put the specials first
	}
	dir := writeVectors(t, toks, dim, map[vecdir.Kind][]float32{vecdir.Static: data})
	s, err := Open(dir, vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, m := range []Metric{L2, Cosine} {
		for _, prep := range []bool{false, true} {
			if prep {
				s.Prepare()
			}
			ans, err := s.Query("a", Options{K: 5, Metric: m, ExcludeSpecial: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range ans.Results {
				got = append(got, r.Token)
			}
			if want := []string{"a", "b", "c", "d", "e"}; !slices.Equal(got, want) {
				t.Errorf("%v: got %v, want %v", m, got, want)
			}
			all, err := s.Query("a", Options{K: 3, Metric: m})
			if err != nil || all.Results[0].Token != "[PAD]" {
				t.Errorf("%v default: got %+v, %v; want [PAD] first", m, all, err)
			}
			batch, errs := s.AnalogyBatch([]Expression{{Terms: []Term{{Word: "b"}}}}, Options{K: 7, Metric: m, ExcludeSpecial: true, ExcludeQuery: true})
			if errs[0] != nil || len(batch[0].Results) != 4 || batch[0].Results[0].Token != "a" {
				t.Errorf("%v batch: got %+v, %v", m, batch[0], errs[0])
			}
		}
	}
}

// A denormal row must not rank first with cosine +Inf: its cosine is the
// true one, computed with the row scaled first; a zero row's is 0.
func TestCosineTinyAndZeroRows(t *testing.T) {
	const rows, dim = 40, 8
	rng := rand.New(rand.NewPCG(3, 4))
	data := gaussian(rng, rows*dim)
	tiny, zero := 10, 11
	for j := range dim {
		data[tiny*dim+j] = float32(math.Float32frombits(uint32(1+j))) * float32(1-2*(j%2)) // denormals
		data[zero*dim+j] = 0
	}
	s := openSynth(t, rows, dim, data)
	for _, prep := range []bool{false, true} {
		if prep {
			s.Prepare()
		}
		for q := 12; q < 20; q++ {
			ans, err := s.Query(synthTokens(rows)[q], Options{K: rows, Metric: Cosine})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Results[0].ID != q {
				t.Errorf("query %d: first is id %d (cosine %g), want the word itself", q, ans.Results[0].ID, ans.Results[0].Cosine)
			}
			u := unit(data[q*dim : (q+1)*dim])
			for _, r := range ans.Results {
				if math.IsInf(float64(r.Cosine), 0) || math.IsNaN(float64(r.Cosine)) || math.Abs(float64(r.Cosine)) > 1+1e-5 {
					t.Errorf("query %d: id %d has cosine %g", q, r.ID, r.Cosine)
				}
				switch r.ID {
				case zero:
					if r.Cosine != 0 {
						t.Errorf("zero row: cosine %g, want 0", r.Cosine)
					}
				case tiny:
					x := data[tiny*dim : (tiny+1)*dim]
					var n2, d float64
					for j, v := range x {
						n2 += float64(v) * float64(v)
						d += float64(v) * float64(u[j])
					}
					if want := d / math.Sqrt(n2); math.Abs(float64(r.Cosine)-want) > 1e-6 {
						t.Errorf("tiny row: cosine %g, want %g", r.Cosine, want)
					}
				}
			}
		}
	}
	// Eval scores with the same cosine: a questions file over these rows
	// must not predict the denormal row for everything.
	rep, err := s.Eval(strings.NewReader(": s\nw12 w13 w14 w15\nw16 w17 w18 w19\n"), Add)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range rep.Questions {
		if q.Predicted == synthTokens(rows)[tiny] {
			t.Errorf("eval predicted the denormal row for %+v", q)
		}
	}
}

// A non-finite distance is written as a string, not an encoding failure;
// finite ones print exactly as a float32 does.
func TestResultJSONNonFinite(t *testing.T) {
	b, err := json.Marshal([]Result{
		{Rank: 1, ID: 2, Token: "x", Distance: float32(math.Inf(1)), Cosine: float32(math.NaN())},
		{Rank: 2, ID: 3, Token: "y", Distance: 0.1, Cosine: float32(math.Inf(-1))},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"rank":1,"id":2,"token":"x","distance":"Infinity","cosine":"NaN"},{"rank":2,"id":3,"token":"y","distance":0.1,"cosine":"-Infinity"}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if b, err := json.Marshal(JSONFloat(math.Inf(1))); err != nil || string(b) != `"Infinity"` {
		t.Errorf("JSONFloat(+Inf): %s, %v", b, err)
	}
}

func TestNormAnswerJSONNonFinite(t *testing.T) {
	b, err := json.Marshal(NormAnswer{Word: "x", Kind: "static", IDs: []int{7}, Norm: math.Inf(1)})
	if want := `{"word":"x","kind":"static","ids":[7],"norm":"Infinity"}`; err != nil || string(b) != want {
		t.Errorf("got %s, %v; want %s", b, err, want)
	}
	b, err = json.Marshal(NormAnswer{Word: "y", Kind: "static", IDs: []int{8}, Norm: 1.5})
	if want := `{"word":"y","kind":"static","ids":[8],"norm":1.5}`; err != nil || string(b) != want {
		t.Errorf("got %s, %v; want %s", b, err, want)
	}
}

// Any float32 pair encodes to valid JSON; finite values read back exactly.
func FuzzResultJSON(f *testing.F) {
	for _, v := range []uint32{0, 1, 0x7f800000, 0xff800000, 0x7fc00000, math.Float32bits(0.1), math.Float32bits(-3.5e-40)} {
		f.Add(v, v^0x80000000)
	}
	f.Fuzz(func(t *testing.T, d, c uint32) {
		r := Result{Rank: 1, ID: 2, Token: "x", Distance: math.Float32frombits(d), Cosine: math.Float32frombits(c)}
		b, err := json.Marshal(r)
		if err != nil || !json.Valid(b) {
			t.Fatalf("%v: %s, %v", r, b, err)
		}
		var back struct{ Distance, Cosine any }
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct {
			v   float32
			got any
		}{{r.Distance, back.Distance}, {r.Cosine, back.Cosine}} {
			if math.IsNaN(float64(p.v)) || math.IsInf(float64(p.v), 0) {
				if _, ok := p.got.(string); !ok {
					t.Errorf("%v written as %v, want a string", p.v, p.got)
				}
			} else if g, ok := p.got.(float64); !ok || float32(g) != p.v {
				t.Errorf("%v read back as %v", p.v, p.got)
			}
		}
	})
}
