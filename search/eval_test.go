package search

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

const analogiesFile = "../testdata/analogies-ja.txt"

// float64s widens a row for the float64 references below.
func float64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// unit64 is v/‖v‖ in float64, the zero vector for a zero v.
func unit64(v []float64) []float64 {
	var n float64
	for _, x := range v {
		n += x * x
	}
	n = math.Sqrt(n)
	out := make([]float64, len(v))
	for i, x := range v {
		if n > 0 {
			out[i] = x / n
		}
	}
	return out
}

// dotRef is x·y in float64 (the references' own, not search's dot64).
func dotRef(x, y []float64) float64 {
	var s float64
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// gensimPredict is an independent float64 transcription of gensim's
// most_similar (3CosAdd) and most_similar_cosmul on unit vectors.
func gensimPredict(s *Store, a, b, c int, m Objective) int {
	ua, ub, uc := unit64(float64s(s.Vector(a))), unit64(float64s(s.Vector(b))), unit64(float64s(s.Vector(c)))
	mean := make([]float64, len(ua))
	for i := range mean {
		mean[i] = ub[i] + uc[i] - ua[i]
	}
	best, bestScore := -1, math.Inf(-1)
	for r := range s.Len() {
		if r == a || r == b || r == c {
			continue
		}
		x := unit64(float64s(s.Vector(r)))
		var score float64
		if m == Add {
			score = dotRef(x, mean)
		} else {
			score = (1 + dotRef(x, ub)) / 2 * (1 + dotRef(x, uc)) / 2 / ((1+dotRef(x, ua))/2 + 1e-6)
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}

func TestEvalTiny(t *testing.T) {
	want := map[string][2]int{ // section: answered, skipped (see the file's comments)
		"family": {16, 0}, "opposites": {7, 0}, "capital-country": {7, 5}, "country-language": {0, 5},
	}
	for _, kind := range []vecdir.Kind{vecdir.Static, vecdir.Dynamic} {
		s := openTiny(t, kind)
		for _, m := range []Objective{Add, Mul} {
			f, err := os.Open(analogiesFile)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := s.Eval(f, m)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Sections) != len(want) {
				t.Fatalf("%d sections, want %d", len(rep.Sections), len(want))
			}
			for _, sc := range rep.Sections {
				if w := want[sc.Name]; sc.Total != w[0] || sc.Skipped != w[1] {
					t.Errorf("%v %v %s: %d answered, %d skipped; want %v", kind, m, sc.Name, sc.Total, sc.Skipped, w)
				}
			}
			if rep.Overall.Total != 30 || rep.Overall.Skipped != 10 {
				t.Errorf("overall %+v", rep.Overall)
			}
			correct := 0
			for _, q := range rep.Questions {
				if q.Skipped {
					continue
				}
				ids := make([]int, 4)
				for i, w := range []string{q.A, q.B, q.C, q.D} {
					ids[i], _ = s.Vocab().ID(w)
				}
				if p := gensimPredict(s, ids[0], ids[1], ids[2], m); s.Vocab().Token(p) != q.Predicted {
					t.Errorf("%v %v line %d: predicted %s, gensim's formula gives %s", kind, m, q.Line, q.Predicted, s.Vocab().Token(p))
				}
				if q.Correct != (q.Predicted == q.D) {
					t.Errorf("line %d: Correct = %v for predicted %s, expected %s", q.Line, q.Correct, q.Predicted, q.D)
				}
				if q.Correct {
					correct++
				}
			}
			if correct != rep.Overall.Correct {
				t.Errorf("overall correct %d, questions say %d", rep.Overall.Correct, correct)
			}
		}
	}
}

// With vectors built so that b - a + c is exactly d, both methods must
// score every question.
func TestEvalKnownAnswers(t *testing.T) {
	toks := append(synthTokens(5), "man", "woman", "king", "queen", "boy", "girl", "x1", "x2")
	const dim = 8 // g r m f y noise...
	vec := func(parts ...int) []float32 {
		v := make([]float32, dim)
		for _, p := range parts {
			v[p] = 1
		}
		return v
	}
	rows := [][]float32{
		vec(5), vec(6), vec(7), vec(5, 6), vec(6, 7), // specials: noise
		vec(0, 2), vec(0, 3), vec(1, 2), vec(1, 3), vec(4, 2), vec(4, 3), vec(5, 7), vec(0, 1, 5),
	}
	var data []float32
	for _, r := range rows {
		data = append(data, r...)
	}
	s, err := Open(writeVectors(t, toks, dim, map[vecdir.Kind][]float32{vecdir.Static: data}), vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := ": gender\nman woman king queen\nking queen man woman\nman woman boy girl\nboy girl king queen\n: oov\nman woman prince princess\n"
	for _, m := range []Objective{Add, Mul} {
		rep, err := s.Eval(strings.NewReader(in), m)
		if err != nil {
			t.Fatal(err)
		}
		g := rep.Sections[0]
		if g.Correct != 4 || g.Total != 4 || g.Accuracy() != 1 {
			t.Errorf("%v: gender %+v; questions %+v", m, g, rep.Questions)
		}
		if o := rep.Sections[1]; o.Total != 0 || o.Skipped != 1 || o.Accuracy() != 0 {
			t.Errorf("%v: oov %+v", m, o)
		}
		if rep.Overall.Correct != 4 || rep.Overall.Total != 4 || rep.Overall.Skipped != 1 {
			t.Errorf("%v: overall %+v", m, rep.Overall)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	s := openTiny(t, vecdir.Static)
	tests := []struct{ in, msg string }{
		{"王 女王 男 女\n", "line 1: question before the first"},
		{": a\n王 女王 男\n", "line 2: 3 words, want 4"},
		{": a\n", "no questions"},
		{"", "no questions"},
		{":\n王 女王 男 女\n", "empty section name"},
	}
	for _, tt := range tests {
		_, err := s.Eval(strings.NewReader(tt.in), Add)
		if !errors.Is(err, ErrEval) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Eval(%q) err = %v, want %q", tt.in, err, tt.msg)
		}
	}
	if _, err := s.Eval(strings.NewReader(": a\n王 女王 男 女\n"), Objective(9)); !errors.Is(err, ErrObjective) {
		t.Errorf("bad method: err = %v", err)
	}
}
