package search

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
)

// MulEpsilon keeps 3CosMul's division finite, as gensim's
// most_similar_cosmul does (1e-6 there; Levy & Goldberg used 1e-3).
const MulEpsilon = 1e-6

// Question is one line "a b c d" of a questions file: a : b = c : d.
type Question struct {
	Section    string
	Line       int
	A, B, C, D string
	// Predicted is the answer found ("" when skipped).
	Predicted string
	Correct   bool
	// Skipped is true when a word has no vector (SkipOOV: is not one
	// vocab entry as written) or the expected answer is no single row.
	Skipped bool
	// Pieces is true for a question answered only thanks to PiecesOOV: a
	// word in it is not one vocab entry as written.
	Pieces bool
}

// SectionScore counts one section (or, for EvalReport.Overall, all).
type SectionScore struct {
	Name    string `json:"section"`
	Correct int    `json:"correct"`
	// Total is the number of questions answered, skipped ones excluded.
	Total   int `json:"total"`
	Skipped int `json:"skipped"`
	// Pieces counts the answered questions that used PiecesOOV; the CLI
	// writes it to JSON only under --oov pieces, so it has no tag here.
	Pieces int `json:"-"`
}

// Accuracy is Correct/Total, 0 for a section with nothing answered.
func (s SectionScore) Accuracy() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Correct) / float64(s.Total)
}

// EvalReport is the outcome of Eval.
type EvalReport struct {
	Objective Objective
	Sections  []SectionScore
	Overall   SectionScore
	Questions []Question
}

// Eval answers every question of a gensim questions-words file (": name"
// section lines, then "a b c d" lines; blank lines are skipped, and as in
// gensim there is no comment syntax: "##ラ ##イ 王 女王" is a question) the
// way gensim's evaluate_word_analogies does: the prediction is the vocab entry other than a, b and c that scores best,
//
//	Add: cos(x, b̂ − â + ĉ)
//	Mul: cos'(x,b)·cos'(x,c) / (cos'(x,a) + MulEpsilon), cos' = (1+cos)/2
//
// with ties going to the lower id. By default a question whose words are
// not all single vocab tokens is skipped and counted apart; accuracy is
// over answered questions only, as in gensim. Words are compared as
// written, without case folding. WithOOV(PiecesOOV) lets a, b and c stand
// for what the model's tokenizer makes of them (see PiecesOOV and
// evalTerm.key: a word of several tokens excludes no id from the answers).
func (s *Store) Eval(r io.Reader, m Objective, opts ...EvalOption) (*EvalReport, error) {
	if m != Add && m != Mul {
		return nil, fmt.Errorf("%w %v", ErrObjective, m)
	}
	terms, err := s.newEvalTerms(opts)
	if err != nil {
		return nil, err
	}
	qs, sections, err := readQuestions(r)
	if err != nil {
		return nil, err
	}
	rep := &EvalReport{Objective: m, Questions: qs, Overall: SectionScore{Name: "total"}}
	ids := make([][4]int, len(qs))
	need := map[int]bool{}
	for i := range qs {
		q := &qs[i]
		ts := [4]evalTerm{terms.query(q.A), terms.query(q.B), terms.query(q.C), terms.answer(q.D)}
		for j, t := range ts {
			q.Skipped = q.Skipped || !t.ok
			q.Pieces = q.Pieces || t.tokenized
			ids[i][j] = t.key
		}
		q.Pieces = q.Pieces && !q.Skipped
		if !q.Skipped {
			for _, id := range ids[i][:3] {
				need[id] = true
			}
		}
	}
	cos := s.cosines(need, terms)
	for i := range qs {
		if q := &qs[i]; !q.Skipped {
			best := s.predict(cos, ids[i], m)
			q.Predicted = s.voc.Token(best)
			q.Correct = best == ids[i][3]
		}
	}
	idx := map[string]int{}
	for _, name := range sections {
		idx[name] = len(rep.Sections)
		rep.Sections = append(rep.Sections, SectionScore{Name: name})
	}
	for _, q := range qs {
		rep.Sections[idx[q.Section]].count(q)
		rep.Overall.count(q)
	}
	return rep, nil
}

// readQuestions parses a questions file; sections lists the section names
// in order of first appearance.
func readQuestions(r io.Reader) (qs []Question, sections []string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	section, seen := "", map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "": // gensim's format has no comments: "##ラ" is a token
		case strings.HasPrefix(line, ":"):
			section = strings.TrimSpace(line[1:])
			if section == "" {
				return nil, nil, fmt.Errorf("%w: line %d: empty section name", ErrEval, n)
			}
			if !seen[section] {
				seen[section] = true
				sections = append(sections, section)
			}
		default:
			f := strings.Fields(line)
			if len(f) != 4 {
				return nil, nil, fmt.Errorf("%w: line %d: %d words, want 4 (a b c d)", ErrEval, n, len(f))
			}
			if section == "" {
				return nil, nil, fmt.Errorf("%w: line %d: question before the first \": section\" line", ErrEval, n)
			}
			qs = append(qs, Question{Section: section, Line: n, A: f[0], B: f[1], C: f[2], D: f[3]})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrEval, err)
	}
	if len(qs) == 0 {
		return nil, nil, fmt.Errorf("%w: no questions", ErrEval)
	}
	return qs, sections, nil
}

// cosines returns, for every key in need (an id, or a mean of pieces; see
// evalTerm), the cosine of each row with it: the only quantities either
// method needs.
func (s *Store) cosines(need map[int]bool, terms *evalTerms) map[int][]float32 {
	s.rowStats()
	words := make([]int, 0, len(need))
	for id := range need {
		words = append(words, id)
	}
	out := make(map[int][]float32, len(words))
	vals := make([][]float32, len(words))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers(len(words) * minRowsPerWorker) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(words) {
					return
				}
				u := unit(terms.row(words[i]))
				c := make([]float32, s.rows)
				for r := range c {
					c[r] = s.cosine(r, s.mat.Row(r), u)
				}
				vals[i] = c
			}
		}()
	}
	wg.Wait()
	for i, id := range words {
		out[id] = vals[i]
	}
	return out
}

// predict returns the best id for a : b = c : ? other than a, b, c (keys
// of cosines: a mean of pieces is no row, so it excludes nothing).
func (s *Store) predict(cos map[int][]float32, q [4]int, m Objective) int {
	ca, cb, cc := cos[q[0]], cos[q[1]], cos[q[2]]
	best, bestScore := -1, 0.0
	for r := range s.rows {
		if r == q[0] || r == q[1] || r == q[2] {
			continue
		}
		var score float64
		if m == Add {
			// cos(x, b̂-â+ĉ) up to the positive factor 1/‖b̂-â+ĉ‖.
			score = float64(cb[r]) + float64(cc[r]) - float64(ca[r])
		} else {
			score = (1 + float64(cb[r])) / 2 * ((1 + float64(cc[r])) / 2) / ((1+float64(ca[r]))/2 + MulEpsilon)
		}
		if best < 0 || score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}
