package search

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// BATS (Gladkova et al. 2016; jBATS, Karpinska et al. 2018) is a directory
// of category files, any depth, each line "word<TAB>answer1/answer2/…".
// Within a category every ordered pair of lines i≠j is a question
// a_i : A_i[0] = a_j : ?, answered correctly by any of A_j.

// BATSPair is one line of a category file.
type BATSPair struct {
	Line    int
	Word    string
	Answers []string // trimmed, empty ones dropped; never empty
}

// BATSCategory is one category file; Name is its base name without .txt.
type BATSCategory struct {
	Name  string
	Path  string
	Pairs []BATSPair
}

// maxBATSFile bounds one category file: the real ones are a few KB.
const maxBATSFile = 16 << 20

// ReadBATS reads every *.txt file under dir (symlinks are not followed),
// in path order. Words and answers are trimmed of surrounding whitespace
// (jBATS has stray spaces), empty answers are dropped and blank lines
// skipped; a line without a tab or without any answer is an error.
func ReadBATS(dir string) ([]BATSCategory, error) {
	st, err := os.Lstat(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEval, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a directory of BATS category files", ErrEval, dir)
	}
	var cats []BATSCategory
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".txt") {
			return nil
		}
		c, err := readCategory(path)
		if err != nil {
			return err
		}
		cats = append(cats, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEval, err)
	}
	if len(cats) == 0 {
		return nil, fmt.Errorf("%w: no .txt category files under %s", ErrEval, dir)
	}
	sort.SliceStable(cats, func(i, j int) bool { return cats[i].Path < cats[j].Path })
	return cats, nil
}

func readCategory(path string) (BATSCategory, error) {
	c := BATSCategory{Name: strings.TrimSuffix(filepath.Base(path), ".txt"), Path: path}
	f, err := os.Open(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return c, err
	} else if st.Size() > maxBATSFile {
		return c, fmt.Errorf("%s: %d bytes, more than a category file holds (%d)", path, st.Size(), maxBATSFile)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		word, rest, ok := strings.Cut(line, "\t")
		if !ok {
			return c, fmt.Errorf("%s:%d: no tab between the word and its answers", path, n)
		}
		p := BATSPair{Line: n, Word: strings.TrimSpace(word)}
		for _, a := range strings.Split(rest, "/") {
			if a = strings.TrimSpace(a); a != "" {
				p.Answers = append(p.Answers, a)
			}
		}
		if p.Word == "" || len(p.Answers) == 0 {
			return c, fmt.Errorf("%s:%d: want word<TAB>answer1/answer2…", path, n)
		}
		c.Pairs = append(c.Pairs, p)
	}
	if err := sc.Err(); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// EvalBATS answers every question of every category with method m, the
// way Eval answers a questions-words file (same scoring, ties, exclusion
// of the three query words, options), and reports one section per
// category. Question.D holds the accepted answers joined by "/". A
// question is skipped when a_i, A_i[0] or a_j is not a single vocabulary
// id, or none of A_j is; with WithOOV(PiecesOOV), when one has no vector
// or no answer of A_j is a single row (see PiecesOOV).
func (s *Store) EvalBATS(cats []BATSCategory, m Objective, opts ...EvalOption) (*EvalReport, error) {
	if m != Add && m != Mul {
		return nil, fmt.Errorf("%w %v", ErrObjective, m)
	}
	terms, err := s.newEvalTerms(opts)
	if err != nil {
		return nil, err
	}
	rep := &EvalReport{Objective: m, Overall: SectionScore{Name: "total"}}
	for _, c := range cats {
		qs := s.evalCategory(c, m, terms)
		sc := SectionScore{Name: c.Name}
		for _, q := range qs {
			sc.count(q)
			rep.Overall.count(q)
		}
		rep.Sections = append(rep.Sections, sc)
		rep.Questions = append(rep.Questions, qs...)
	}
	return rep, nil
}

// evalCategory answers one category's questions. Cosines are computed for
// one category at a time, so memory stays at (words in it)·V floats.
func (s *Store) evalCategory(c BATSCategory, m Objective, terms *evalTerms) []Question {
	type known struct {
		word, first evalTerm // a_i and A_i[0]
		answers     []int    // ids of A_i that are single rows
		written     bool     // some A_i is a vocab entry as written
	}
	ks := make([]known, len(c.Pairs))
	need := map[int]bool{}
	for i, p := range c.Pairs {
		k := known{word: terms.query(p.Word), first: terms.query(p.Answers[0])}
		for _, a := range p.Answers {
			if t := terms.answer(a); t.ok {
				k.answers = append(k.answers, t.key)
				k.written = k.written || !t.tokenized
			}
		}
		for _, x := range []evalTerm{k.word, k.first} { // a_i and A_i[0]; a_j is some a_i
			if x.ok {
				need[x.key] = true
			}
		}
		ks[i] = k
	}
	cos := s.cosines(need, terms)
	qs := make([]Question, 0, len(c.Pairs)*max(0, len(c.Pairs)-1))
	for i, pi := range c.Pairs {
		for j, pj := range c.Pairs {
			if i == j {
				continue
			}
			q := Question{Section: c.Name, Line: pj.Line, A: pi.Word, B: pi.Answers[0], C: pj.Word, D: strings.Join(pj.Answers, "/")}
			q.Skipped = !ks[i].word.ok || !ks[i].first.ok || !ks[j].word.ok || len(ks[j].answers) == 0
			q.Pieces = !q.Skipped && (ks[i].word.tokenized || ks[i].first.tokenized || ks[j].word.tokenized || !ks[j].written)
			qs = append(qs, q)
		}
	}
	// Each question scans all V rows: spread them over the cores.
	var wg sync.WaitGroup
	n := workers(len(qs) * s.rows)
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := w; x < len(qs); x += n {
				q := &qs[x]
				if q.Skipped {
					continue
				}
				i, j := pairIndex(x, len(c.Pairs))
				best := s.predict(cos, [4]int{ks[i].word.key, ks[i].first.key, ks[j].word.key}, m)
				q.Predicted = s.voc.Token(best)
				for _, a := range ks[j].answers {
					q.Correct = q.Correct || a == best
				}
			}
		}()
	}
	wg.Wait()
	return qs
}

// pairIndex inverts the question order of evalCategory: question x of n
// lines is pair (i, j), i≠j, in row-major order with the diagonal left out.
func pairIndex(x, n int) (i, j int) {
	i, j = x/(n-1), x%(n-1)
	if j >= i {
		j++
	}
	return i, j
}
