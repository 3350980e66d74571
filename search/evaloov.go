package search

import "fmt"

// OOV is what Eval and EvalBATS do with a question word that is not one
// vocabulary entry as written.
type OOV uint8

const (
	// SkipOOV skips the question, as gensim's evaluate_word_analogies does
	// and as BATS defines its scores: the default.
	SkipOOV OOV = iota
	// PiecesOOV lets the word stand for what the model's tokenizer makes of
	// it, as Resolve does for analogy: one token's row, or the mean of its
	// tokens' rows. A word with an [UNK] token still skips its question,
	// and so does an expected answer of several tokens, which no row is.
	PiecesOOV
)

func (p OOV) String() string {
	switch p {
	case SkipOOV:
		return "skip"
	case PiecesOOV:
		return "pieces"
	}
	return fmt.Sprintf("OOV(%d)", uint8(p))
}

// ParseOOV parses "skip" or "pieces".
func ParseOOV(s string) (OOV, error) {
	switch s {
	case "skip":
		return SkipOOV, nil
	case "pieces":
		return PiecesOOV, nil
	}
	return 0, fmt.Errorf("%w %q (want skip or pieces)", ErrOOV, s)
}

// EvalOption configures Eval and EvalBATS.
type EvalOption func(*evalConfig)

type evalConfig struct{ oov OOV }

// WithOOV sets what a word that is not one vocabulary entry does
// (SkipOOV by default).
func WithOOV(p OOV) EvalOption { return func(c *evalConfig) { c.oov = p } }

// evalTerm is a question word as Eval uses it.
type evalTerm struct {
	// key is the word's row id, or -1-i for evalTerms.means[i] (a word of
	// several tokens). predict excludes the query keys from the answers,
	// so a word of several tokens excludes nothing: the answer may be one
	// of its pieces, which is not the word asked about.
	key int
	// ok is false when the word has no vector: its question is skipped.
	ok bool
	// tokenized: not one entry as written; only PiecesOOV gives it a vector.
	tokenized bool
}

// evalTerms resolves the words of one evaluation, each once.
type evalTerms struct {
	s     *Store
	oov   OOV
	means [][]float32
	memo  map[string]evalTerm
}

func (s *Store) newEvalTerms(opts []EvalOption) (*evalTerms, error) {
	var c evalConfig
	for _, o := range opts {
		o(&c)
	}
	if c.oov != SkipOOV && c.oov != PiecesOOV {
		return nil, fmt.Errorf("%w %v", ErrOOV, c.oov)
	}
	if c.oov == PiecesOOV {
		// A tokenizer that does not load fails the run, rather than
		// silently skipping every word it would have split.
		if _, err := s.tokenizer(); err != nil {
			return nil, fmt.Errorf("the model's tokenizer: %w", err)
		}
	}
	return &evalTerms{s: s, oov: c.oov, memo: map[string]evalTerm{}}, nil
}

// query is w as a query word (a, b or c).
func (e *evalTerms) query(w string) evalTerm {
	t, ok := e.memo[w]
	if !ok {
		t = e.resolve(w)
		e.memo[w] = t
	}
	return t
}

// answer is w as an expected answer: a single row or nothing.
func (e *evalTerms) answer(w string) evalTerm {
	t := e.query(w)
	t.ok = t.ok && t.key >= 0
	return t
}

func (e *evalTerms) resolve(w string) evalTerm {
	if id, ok := e.s.voc.ID(w); ok {
		return evalTerm{key: id, ok: true}
	}
	if e.oov != PiecesOOV {
		return evalTerm{tokenized: true}
	}
	r, err := e.s.Resolve(w)
	if err != nil { // an [UNK] token, or none: no vector
		return evalTerm{tokenized: true}
	}
	if len(r.IDs) == 1 {
		return evalTerm{key: r.IDs[0], ok: true, tokenized: true}
	}
	e.means = append(e.means, r.Vector)
	return evalTerm{key: -len(e.means), ok: true, tokenized: true}
}

// row is the vector of a key.
func (e *evalTerms) row(key int) []float32 {
	if key < 0 {
		return e.means[-1-key]
	}
	return e.s.mat.Row(key)
}

// count adds q to the score.
func (sc *SectionScore) count(q Question) {
	switch {
	case q.Skipped:
		sc.Skipped++
		return
	case q.Correct:
		sc.Correct++
	}
	sc.Total++
	if q.Pieces {
		sc.Pieces++
	}
}
