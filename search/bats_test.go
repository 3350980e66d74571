package search

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadBATS(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "2_group", "B01 [x - y].txt"), " w5 \t w6 / /w7\n\n  \nw8\tw9\n")
	writeFile(t, filepath.Join(dir, "1_group", "A01.txt"), "w10\tw11\n")
	writeFile(t, filepath.Join(dir, "README.md"), "not a category\n")
	if err := os.Symlink(filepath.Join(dir, "1_group", "A01.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	cats, err := ReadBATS(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cats {
		names = append(names, c.Name)
	}
	if !reflect.DeepEqual(names, []string{"A01", "B01 [x - y]"}) {
		t.Fatalf("categories %q, want A01 and B01 [x - y] (no README, no symlink)", names)
	}
	want := []BATSPair{{Line: 1, Word: "w5", Answers: []string{"w6", "w7"}}, {Line: 4, Word: "w8", Answers: []string{"w9"}}}
	if !reflect.DeepEqual(cats[1].Pairs, want) {
		t.Errorf("pairs %+v, want %+v", cats[1].Pairs, want)
	}
}

func TestReadBATSBad(t *testing.T) {
	for name, text := range map[string]string{
		"no tab":     "w5 w6\n",
		"no answers": "w5\t / \n",
		"no word":    " \tw6\n",
	} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "c.txt"), text)
		if _, err := ReadBATS(dir); !errors.Is(err, ErrEval) || !strings.Contains(err.Error(), "c.txt:1") {
			t.Errorf("%s: %v, want ErrEval naming c.txt:1", name, err)
		}
	}
	empty := t.TempDir()
	if _, err := ReadBATS(empty); !errors.Is(err, ErrEval) {
		t.Errorf("no category files: %v, want ErrEval", err)
	}
	if _, err := ReadBATS(filepath.Join(empty, "missing")); !errors.Is(err, ErrEval) {
		t.Errorf("missing dir: %v", err)
	}
	writeFile(t, filepath.Join(empty, "f.txt"), "w5\tw6\n")
	if _, err := ReadBATS(filepath.Join(empty, "f.txt")); !errors.Is(err, ErrEval) {
		t.Errorf("a file, not a dir: %v", err)
	}
}

// jBATS as shipped: 40 categories with stray spaces, all readable.
func TestReadJBATS(t *testing.T) {
	cats, err := ReadBATS("../testdata/jbats")
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 40 || cats[0].Name != "I01 [verb_dict - mizenkei01]" || cats[39].Name != "L10 [antonyms - binary]" {
		t.Fatalf("%d categories from %q to %q", len(cats), cats[0].Name, cats[len(cats)-1].Name)
	}
	for _, c := range cats {
		for _, p := range c.Pairs {
			for _, s := range append([]string{p.Word}, p.Answers...) {
				if s == "" || s != strings.TrimSpace(s) {
					t.Fatalf("%s line %d: untrimmed or empty %q", c.Name, p.Line, s)
				}
			}
		}
	}
}

// Every question is answered as an independent float64 transcription of
// gensim would answer a_i : A_i[0] = a_j : ?, correct when the answer is
// any of A_j; skips follow the rule for single ids.
func TestEvalBATSMatchesGensim(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const V, dim = 60, 8
	s := openSynth(t, V, dim, gaussian(rng, V*dim))
	dir := t.TempDir()
	// w7's first answer is unknown (skips every question that asks
	// through it); w9's answers are w10 or an unknown word.
	writeFile(t, filepath.Join(dir, "cat.txt"), "w5\tw6/w40\nw7\tnope/w41\nw8\tw42/w43/w44/w45/w46/w47/w48/w49/w50/w51/w52\nw9\tzz/w10\nw11\tw12\nqq\tw13\n")
	cats, err := ReadBATS(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Objective{Add, Mul} {
		rep, err := s.EvalBATS(cats, m)
		if err != nil {
			t.Fatal(err)
		}
		pairs := cats[0].Pairs
		if len(rep.Questions) != len(pairs)*(len(pairs)-1) {
			t.Fatalf("%d questions, want %d", len(rep.Questions), len(pairs)*(len(pairs)-1))
		}
		id := func(w string) (int, bool) { return s.Vocab().ID(w) }
		x, correct, skipped := 0, 0, 0
		for i, pi := range pairs {
			for j, pj := range pairs {
				if i == j {
					continue
				}
				q := rep.Questions[x]
				x++
				a, ok1 := id(pi.Word)
				b, ok2 := id(pi.Answers[0])
				c, ok3 := id(pj.Word)
				anyAnswer := false
				for _, w := range pj.Answers {
					_, ok := id(w)
					anyAnswer = anyAnswer || ok
				}
				if !ok1 || !ok2 || !ok3 || !anyAnswer {
					skipped++
					if !q.Skipped {
						t.Errorf("%s:%s = %s:? not skipped", pi.Word, pi.Answers[0], pj.Word)
					}
					continue
				}
				want := s.Vocab().Token(gensimPredict(s, a, b, c, m))
				ok := false
				for _, w := range pj.Answers {
					ok = ok || w == want
				}
				if q.Skipped || q.Predicted != want || q.Correct != ok {
					t.Errorf("%v %s:%s = %s:? got %q correct %v skipped %v, want %q correct %v", m, pi.Word, pi.Answers[0], pj.Word, q.Predicted, q.Correct, q.Skipped, want, ok)
				}
				if ok {
					correct++
				}
			}
		}
		sc := rep.Sections[0]
		if sc.Name != "cat" || sc.Skipped != skipped || sc.Correct != correct || sc.Total != len(rep.Questions)-skipped || rep.Overall != (SectionScore{Name: "total", Correct: correct, Total: sc.Total, Skipped: skipped}) {
			t.Errorf("%v: section %+v overall %+v, want correct %d skipped %d", m, sc, rep.Overall, correct, skipped)
		}
		if skipped == 0 || skipped == len(rep.Questions) {
			t.Errorf("the file should mix answered and skipped questions, skipped %d", skipped)
		}
	}
}

// A correct answer that is not A_j[0] counts: vectors built so that the
// offset points exactly at the second answer.
func TestEvalBATSAnyAnswer(t *testing.T) {
	const V, dim = 12, 4
	data := make([]float32, V*dim)
	set := func(r int, v ...float32) { copy(data[r*dim:], v) }
	for r := range V {
		set(r, 0.1*float32(r%3), -0.1, -0.02*float32(r), 1)
	}
	set(5, 1, 0, 0, 0) // a_i
	set(6, 1, 1, 0, 0) // A_i[0]: a_i + e2
	set(7, 0, 0, 1, 0) // a_j
	set(9, 0, 1, 1, 0) // the second answer of j: a_j + e2
	set(8, 0, 0, 0, 1) // the first answer of j, far off
	s := openSynth(t, V, dim, data)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "c.txt"), "w5\tw6\nw7\tw8/w9\n")
	cats, err := ReadBATS(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.EvalBATS(cats, Add)
	if err != nil {
		t.Fatal(err)
	}
	if q := rep.Questions[0]; q.Predicted != "w9" || !q.Correct {
		t.Errorf("w5:w6 = w7:? predicted %q correct %v, want w9 (second answer) correct", q.Predicted, q.Correct)
	}
}

func FuzzReadBATS(f *testing.F) {
	f.Add([]byte("王\t女王\n男 \t 女/女性\n\n"))
	f.Add([]byte("a\t/ /\n"))
	f.Add([]byte("\t\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "c.txt"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cats, err := ReadBATS(dir)
		if err != nil {
			if !errors.Is(err, ErrEval) {
				t.Fatalf("error %v does not wrap ErrEval", err)
			}
			return
		}
		for _, p := range cats[0].Pairs {
			if p.Word == "" || len(p.Answers) == 0 || p.Word != strings.TrimSpace(p.Word) {
				t.Fatalf("bad pair %+v", p)
			}
			for _, a := range p.Answers {
				if a == "" || a != strings.TrimSpace(a) {
					t.Fatalf("bad answer %q", a)
				}
			}
		}
	})
}
