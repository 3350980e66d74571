package search

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bertvec/bertvec/tokenize"
	"github.com/bertvec/bertvec/vocab"
)

// Resolved is a query word and the vector that stands for it.
type Resolved struct {
	Word string
	// IDs is the word's id, or the ids of its tokens when it is not one
	// vocabulary entry.
	IDs []int
	// Pieces are the tokens' texts when the word is not one entry.
	Pieces []string
	// Vector is the row, or the float32 mean of the tokens' rows.
	Vector []float32
}

// Split reports whether the word stands for more than one token.
func (r Resolved) Split() bool { return len(r.IDs) > 1 }

// Note tells the user how a word that is not one vocabulary entry was
// tokenized ("" when it is an entry). voc names pieces when Pieces is
// empty (a Resolved built by hand).
func (r Resolved) Note(voc *vocab.Vocab) string {
	if len(r.IDs) == 0 || len(r.IDs) == 1 && (len(r.Pieces) == 0 || r.Pieces[0] == r.Word) {
		return ""
	}
	pieces := r.Pieces
	if len(pieces) != len(r.IDs) {
		pieces = make([]string, len(r.IDs))
		for i, id := range r.IDs {
			pieces[i] = voc.Token(id)
		}
	}
	if len(pieces) == 1 {
		return fmt.Sprintf("%q is not in the vocabulary; the model's tokenizer makes it %s", r.Word, pieces[0])
	}
	return fmt.Sprintf("%q is not in the vocabulary; using the mean of the %d tokens the model's tokenizer makes of it: %s",
		r.Word, len(pieces), strings.Join(pieces, " "))
}

// tokenizer loads the vectors directory's tokenizer once: the settings
// `bertvec extract` copied there, with the class meta.json records. A
// directory written before bertvec kept them has none (nil, nil).
func (s *Store) tokenizer() (*tokenize.Tokenizer, error) {
	s.tok.once.Do(func() {
		m := s.mat.Meta
		if m == nil || m.Tokenizer == nil {
			return
		}
		s.tok.t, s.tok.err = tokenize.Load(s.dir, tokenize.WithClass(m.Tokenizer.Class))
	})
	return s.tok.t, s.tok.err
}

// Resolve finds the vector for word: its row when it is a vocabulary
// entry, else the mean of the rows of the tokens the model's tokenizer
// makes of it (package tokenize, from the settings extract copied; plain
// WordPiece for a directory without them). A word with an [UNK] token,
// or none, is an error naming the word.
func (s *Store) Resolve(word string) (Resolved, error) {
	if id, ok := s.voc.ID(word); ok {
		return Resolved{Word: word, IDs: []int{id}, Vector: s.mat.Row(id)}, nil
	}
	ids, pieces, err := s.split(word)
	if err != nil {
		return Resolved{}, err
	}
	if len(ids) == 1 {
		return Resolved{Word: word, IDs: ids, Pieces: pieces, Vector: s.mat.Row(ids[0])}, nil
	}
	mean := make([]float32, s.dim)
	for _, id := range ids {
		for i, x := range s.mat.Row(id) {
			mean[i] += x
		}
	}
	n := float32(len(ids))
	for i := range mean {
		mean[i] /= n
	}
	return Resolved{Word: word, IDs: ids, Pieces: pieces, Vector: mean}, nil
}

// split tokenizes a word that is not a vocabulary entry.
func (s *Store) split(word string) ([]int, []string, error) {
	tk, err := s.tokenizer()
	if err != nil {
		return nil, nil, fmt.Errorf("%w %q: the model's tokenizer: %w", ErrWord, word, err)
	}
	if tk == nil {
		ids, err := s.voc.WordPiece(word)
		if errors.Is(err, vocab.ErrUnknown) {
			return nil, nil, fmt.Errorf("%w %q: not in the vocabulary and its WordPiece split has [UNK]", ErrWord, word)
		} else if err != nil {
			return nil, nil, fmt.Errorf("%w %q: %w", ErrWord, word, err)
		}
		pieces := make([]string, len(ids))
		for i, id := range ids {
			pieces[i] = s.voc.Token(id)
		}
		return ids, pieces, nil
	}
	toks, err := tk.Tokenize(word)
	if err != nil {
		return nil, nil, fmt.Errorf("%w %q: %w", ErrWord, word, err)
	}
	if len(toks) == 0 {
		return nil, nil, fmt.Errorf("%w %q: the model's tokenizer makes no token of it", ErrWord, word)
	}
	ids, pieces := make([]int, len(toks)), make([]string, len(toks))
	unk := s.voc.Specials().UNK
	for i, t := range toks {
		if int(t.ID) == unk || int(t.ID) >= s.rows {
			return nil, nil, fmt.Errorf("%w %q: the model's tokenizer makes %s of it, which has no vector", ErrWord, word, t.Text)
		}
		ids[i], pieces[i] = int(t.ID), t.Text
	}
	return ids, pieces, nil
}
