package search

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

// evalVec is the vector a question word stands for under PiecesOOV,
// computed here in float64 from the rows of the tokens Resolve names, and
// the id it excludes from the answers (-1 for a word of several tokens).
func evalVec(t *testing.T, s *Store, w string) ([]float64, int) {
	t.Helper()
	r, err := s.Resolve(w)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", w, err)
	}
	v := make([]float64, s.Dim())
	for _, id := range r.IDs {
		for i, x := range s.Vector(id) {
			v[i] += float64(x) / float64(len(r.IDs))
		}
	}
	if len(r.IDs) == 1 {
		return v, r.IDs[0]
	}
	return v, -1
}

// piecesPredict is gensim's 3CosAdd / 3CosMul (as gensimPredict) over
// the vectors of a, b and c, excluding only the ids single-row words have.
func piecesPredict(t *testing.T, s *Store, a, b, c string, m Objective) string {
	t.Helper()
	va, ia := evalVec(t, s, a)
	vb, ib := evalVec(t, s, b)
	vc, ic := evalVec(t, s, c)
	ua, ub, uc := unit64(va), unit64(vb), unit64(vc)
	best, bestScore := -1, math.Inf(-1)
	for r := range s.Len() {
		if r == ia || r == ib || r == ic {
			continue
		}
		x := unit64(float64s(s.Vector(r)))
		var score float64
		if m == Add {
			score = dotRef(x, ub) + dotRef(x, uc) - dotRef(x, ua)
		} else {
			score = (1 + dotRef(x, ub)) / 2 * (1 + dotRef(x, uc)) / 2 / ((1+dotRef(x, ua))/2 + 1e-6)
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return s.Vocab().Token(best)
}

// analogyPredict is `bertvec analogy --metric cosine`'s answer to
// "b - a + c", skipping (as eval does) the ids of single-row words only.
func analogyPredict(t *testing.T, s *Store, a, b, c string) string {
	t.Helper()
	ans, err := s.Query(b+" - "+a+" + "+c, Options{K: s.Len(), Metric: Cosine})
	if err != nil {
		t.Fatal(err)
	}
	var skip []int
	for _, term := range ans.Terms {
		if len(term.IDs) == 1 {
			skip = append(skip, term.IDs[0])
		}
	}
	for _, r := range ans.Results {
		if !slices.Contains(skip, r.ID) {
			return r.Token
		}
	}
	t.Fatal("no answer")
	return ""
}

// Under SkipOOV (the default) a question with a word that is not one
// entry is skipped; under PiecesOOV it is answered with the mean of the
// tokens, the answer is analogy's, and only [UNK] words and answers of
// several tokens still skip. Questions that only PiecesOOV answers are
// counted in Pieces.
func TestEvalOOVPieces(t *testing.T) {
	s := tinyWithTokenizer(t)
	in := ": x\n" +
		"王 女王 男女 女\n" + // 男女 is 男 女: the answer 男 is one of its pieces, not excluded
		"男女 女 王 女王\n" +
		"王 女王 父母 母\n" +
		"王 女王 女王様 女\n" + // [UNK]: skipped either way
		"王 女王 男 男女\n" + // an answer of two tokens: skipped either way
		": y\n男 女 王 女王\n"
	skip, err := s.Eval(strings.NewReader(in), Add)
	if err != nil {
		t.Fatal(err)
	}
	if o := skip.Overall; o.Total != 1 || o.Skipped != 5 || o.Pieces != 0 {
		t.Errorf("default: overall %+v, want 1 answered, 5 skipped", o)
	}
	for _, m := range []Objective{Add, Mul} {
		rep, err := s.Eval(strings.NewReader(in), m, WithOOV(PiecesOOV))
		if err != nil {
			t.Fatal(err)
		}
		if o := rep.Overall; o.Total != 4 || o.Skipped != 2 || o.Pieces != 3 {
			t.Errorf("%v pieces: overall %+v, want 4 answered, 2 skipped, 3 by pieces", m, o)
		}
		if x, y := rep.Sections[0], rep.Sections[1]; x.Pieces != 3 || y.Pieces != 0 || y.Total != 1 {
			t.Errorf("%v pieces: sections %+v %+v", m, x, y)
		}
		for i, q := range rep.Questions {
			if q.Pieces != (skip.Questions[i].Skipped && !q.Skipped) {
				t.Errorf("line %d: Pieces %v, skipped by default %v, now %v", q.Line, q.Pieces, skip.Questions[i].Skipped, q.Skipped)
			}
			if q.Skipped {
				continue
			}
			if want := piecesPredict(t, s, q.A, q.B, q.C, m); q.Predicted != want {
				t.Errorf("%v line %d: predicted %q, want %q", m, q.Line, q.Predicted, want)
			}
			if m == Add {
				if want := analogyPredict(t, s, q.A, q.B, q.C); q.Predicted != want {
					t.Errorf("line %d: predicted %q, analogy says %q", q.Line, q.Predicted, want)
				}
			}
			if q.Correct != (q.Predicted == q.D) {
				t.Errorf("line %d: correct %v, predicted %q, expected %q", q.Line, q.Correct, q.Predicted, q.D)
			}
		}
		if q := rep.Questions[0]; m == Add && q.Predicted != "男" {
			t.Errorf("王 : 女王 = 男女 : ? predicted %q; want 男, a piece of 男女 (pieces are not excluded)", q.Predicted)
		}
	}
}

// A word that the tokenizer makes one token (here by lower-casing) is that
// row: its id is excluded from the answers like any query word, and as
// an expected answer it is that row.
func TestEvalOOVOneToken(t *testing.T) {
	toks := append(synthTokens(5), "man", "woman", "king", "queen", "x1")
	const dim = 4
	rows := [][]float32{
		{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {1, 1, 1, 1},
		{1, 0, 1, 0}, {1, 0, 0, 1}, {0, 1, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0},
	}
	var data []float32
	for _, r := range rows {
		data = append(data, r...)
	}
	dir := writeVectors(t, toks, dim, map[vecdir.Kind][]float32{vecdir.Static: data})
	writeFile(t, filepath.Join(dir, vecdir.MetaFile), fmt.Sprintf(`{"vocab": "vocab.txt", "format": "npy", "kinds": {
  "static": {"file": "static.npy", "shape": [%d, %d], "dtype": "<f4"}},
  "tokenizer": {"class": "BertTokenizer", "files": ["tokenizer_config.json"]}}`, len(toks), dim))
	writeFile(t, filepath.Join(dir, vecdir.TokenizerConfigFile), `{"do_lower_case": true}`)
	s, err := Open(dir, vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// b - a + c = king exactly; King is the query word c, so excluded.
	in := ": x\nman man King queen\nMan woman king Queen\n"
	skip, err := s.Eval(strings.NewReader(in), Add)
	if err != nil {
		t.Fatal(err)
	}
	if skip.Overall.Skipped != 2 {
		t.Errorf("default: %+v, want both skipped", skip.Overall)
	}
	rep, err := s.Eval(strings.NewReader(in), Add, WithOOV(PiecesOOV))
	if err != nil {
		t.Fatal(err)
	}
	q0, q1 := rep.Questions[0], rep.Questions[1]
	if q0.Skipped || q0.Predicted == "king" || q0.Predicted != piecesPredict(t, s, q0.A, q0.B, q0.C, Add) {
		t.Errorf("man : man = King : ? %+v; King is king's row, excluded", q0)
	}
	if q1.Skipped || q1.Predicted != "queen" || !q1.Correct || rep.Overall.Pieces != 2 {
		t.Errorf("Man : woman = king : Queen %+v (overall %+v); want queen, correct", q1, rep.Overall)
	}
}

// BATS under PiecesOOV: the same rules, any of A_j still counts.
func TestEvalBATSOOVPieces(t *testing.T) {
	s := tinyWithTokenizer(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "c.txt"), "王\t女王\n男女\t女\n父母\t母/男女\n男\t男女/女王様\n女王様\t女\n父\t母\n")
	cats, err := ReadBATS(dir)
	if err != nil {
		t.Fatal(err)
	}
	skip, err := s.EvalBATS(cats, Add)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.EvalBATS(cats, Add, WithOOV(PiecesOOV))
	if err != nil {
		t.Fatal(err)
	}
	pairs := cats[0].Pairs
	answered := 0
	for x, q := range rep.Questions {
		i, j := pairIndex(x, len(pairs))
		// 女王様 has [UNK]; 男's answers are two tokens or [UNK], but
		// its first answer 男女 is a fine query word b.
		wantSkip := pairs[i].Word == "女王様" || pairs[j].Word == "女王様" || pairs[j].Word == "男"
		if q.Skipped != wantSkip {
			t.Errorf("%s : %s = %s : ? skipped %v, want %v", q.A, q.B, q.C, q.Skipped, wantSkip)
		}
		if q.Pieces != (skip.Questions[x].Skipped && !q.Skipped) {
			t.Errorf("%s : %s = %s : ? Pieces %v", q.A, q.B, q.C, q.Pieces)
		}
		if q.Skipped {
			continue
		}
		answered++
		want := piecesPredict(t, s, q.A, q.B, q.C, Add)
		ok := slices.Contains(pairs[j].Answers, want)
		if q.Predicted != want || q.Correct != ok {
			t.Errorf("%s : %s = %s : ? predicted %q correct %v, want %q %v", q.A, q.B, q.C, q.Predicted, q.Correct, want, ok)
		}
	}
	if rep.Overall.Total != answered || answered != 16 || rep.Overall.Pieces != 14 || skip.Overall.Total != 2 {
		t.Errorf("pieces %+v, default %+v; want 16 answered, 14 by pieces; 2 answered by default", rep.Overall, skip.Overall)
	}
}

func TestEvalOOVErrors(t *testing.T) {
	if p, err := ParseOOV("pieces"); err != nil || p != PiecesOOV || p.String() != "pieces" {
		t.Errorf("ParseOOV(pieces) = %v, %v", p, err)
	}
	if _, err := ParseOOV("mean"); !errors.Is(err, ErrOOV) || !strings.Contains(err.Error(), "skip or pieces") {
		t.Errorf("ParseOOV(mean): %v", err)
	}
	s := openTiny(t, vecdir.Static)
	if _, err := s.Eval(strings.NewReader(": a\n王 女王 男 女\n"), Add, WithOOV(OOV(7))); !errors.Is(err, ErrOOV) {
		t.Errorf("Eval with OOV(7): %v", err)
	}
	// Settings the tokenizer cannot load fail PiecesOOV, not SkipOOV.
	dir := tinyVectors(t)
	writeFile(t, filepath.Join(dir, vecdir.MetaFile), `{"vocab": "vocab.txt", "format": "npy", "kinds": {
  "static": {"file": "static.npy", "shape": [417, 64], "dtype": "<f4"}},
  "tokenizer": {"class": "BertJapaneseTokenizer", "files": ["tokenizer_config.json"]}}`)
	writeFile(t, filepath.Join(dir, vecdir.TokenizerConfigFile), `{"word_tokenizer_type": "sudachi"}`)
	bad, err := Open(dir, vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	in := ": a\n王 女王 男女 女\n"
	if _, err := bad.Eval(strings.NewReader(in), Add); err != nil {
		t.Errorf("skip: %v", err)
	}
	if _, err := bad.Eval(strings.NewReader(in), Add, WithOOV(PiecesOOV)); err == nil || !strings.Contains(err.Error(), "sudachi") {
		t.Errorf("pieces with a sudachi tokenizer: %v", err)
	}
}
