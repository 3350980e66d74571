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
	// Skipped is true when a word is not a single vocab token.
	Skipped bool
}

// SectionScore counts one section (or, for EvalReport.Overall, all).
type SectionScore struct {
	Name    string `json:"section"`
	Correct int    `json:"correct"`
	// Total is the number of questions answered, skipped ones excluded.
	Total   int `json:"total"`
	Skipped int `json:"skipped"`
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
// with ties going to the lower id. A question whose words are not all
// single vocab tokens is skipped (no WordPiece fallback: a mean of pieces
// is not a word the model could answer with) and counted apart; accuracy
// is over answered questions only, as in gensim. Words are compared as
// written, without case folding.
func (s *Store) Eval(r io.Reader, m Objective) (*EvalReport, error) {
	if m != Add && m != Mul {
		return nil, fmt.Errorf("%w %v", ErrObjective, m)
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
		for j, w := range []string{q.A, q.B, q.C, q.D} {
			id, ok := s.voc.ID(w)
			if !ok {
				q.Skipped = true
				break
			}
			ids[i][j] = id
		}
		if !q.Skipped {
			for _, id := range ids[i][:3] {
				need[id] = true
			}
		}
	}
	cos := s.cosines(need)
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
		for _, sc := range []*SectionScore{&rep.Sections[idx[q.Section]], &rep.Overall} {
			switch {
			case q.Skipped:
				sc.Skipped++
			case q.Correct:
				sc.Correct++
				sc.Total++
			default:
				sc.Total++
			}
		}
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

// cosines returns, for every id in need, the cosine of each row with it:
// the only quantities either method needs.
func (s *Store) cosines(need map[int]bool) map[int][]float32 {
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
				u := unit(s.mat.Row(words[i]))
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

// predict returns the best id for a : b = c : ? other than a, b, c.
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
