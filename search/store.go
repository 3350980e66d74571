package search

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bertvec/bertvec/vecdir"
	"github.com/bertvec/bertvec/vocab"
)

// Store is one kind of vectors from a vectors directory, memory-mapped,
// with the vocabulary that names its rows. It is safe for concurrent use.
type Store struct {
	dir   string
	kind  vecdir.Kind
	voc   *vocab.Vocab
	mat   *vecdir.Vectors
	rows  int
	dim   int
	stats struct {
		once  sync.Once
		norms []float64 // ‖x_r‖
		inv   []float32 // 1/‖x_r‖, 0 for a zero row: the cosine kernel's scale
	}
	index struct {
		once sync.Once
		q    atomic.Pointer[quantIndex]
	}
	special struct { // see specialMask
		once sync.Once
		mask []bool
	}
}

// Open opens the kind's vectors in dir through vecdir.Open: file names
// from meta.json, one row per vocab line, shapes cross-checked. A missing
// kind is a *vecdir.MissingKindError; every error wraps ErrVectors or
// vecdir.ErrKind.
func Open(dir string, kind vecdir.Kind) (*Store, error) {
	v, err := vecdir.Open(dir, kind)
	if err != nil {
		return nil, err
	}
	return &Store{dir: dir, kind: kind, voc: v.Vocab, mat: v, rows: v.Rows, dim: v.Cols}, nil
}

// Close unmaps the vectors; the Store and every vector it returned become
// invalid.
func (s *Store) Close() error { return s.mat.Close() }

// Kind is the kind of vectors opened.
func (s *Store) Kind() vecdir.Kind { return s.kind }

// Len is V, the number of vectors (= vocab lines).
func (s *Store) Len() int { return s.rows }

// Dim is H, the width of a vector.
func (s *Store) Dim() int { return s.dim }

// Vocab is the vocabulary naming the rows.
func (s *Store) Vocab() *vocab.Vocab { return s.voc }

// Vector returns row id, aliasing the mapping: do not modify it.
func (s *Store) Vector(id int) []float32 { return s.mat.Row(id) }

// Norm returns the Euclidean norm of row id, summed in float64.
func (s *Store) Norm(id int) float64 { return s.rowStats().stats.norms[id] }

func (s *Store) rowStats() *Store {
	s.stats.once.Do(func() {
		s.stats.norms = make([]float64, s.rows)
		s.stats.inv = make([]float32, s.rows)
		parallelRows(s.rows, func(_, lo, hi int) {
			for r := lo; r < hi; r++ {
				n := norm64(s.mat.Row(r))
				s.stats.norms[r] = n
				if n > 0 {
					s.stats.inv[r] = float32(1 / n)
				}
			}
		})
	})
	return s
}

// norm64 is ‖v‖ with float64 accumulation: exact enough to compare with
// numpy's float64 norms to 1e-12.
func norm64(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// Resolved is a query word and the vector that stands for it.
type Resolved struct {
	Word string
	// IDs is the word's id, or its WordPiece ids when it is not a token.
	IDs []int
	// Vector is the row, or the float32 mean of the pieces' rows.
	Vector []float32
}

// Split reports whether the word was WordPiece-split.
func (r Resolved) Split() bool { return len(r.IDs) > 1 }

// Note describes a split for the user ("" when the word is a token).
func (r Resolved) Note(voc *vocab.Vocab) string {
	if !r.Split() {
		return ""
	}
	pieces := make([]string, len(r.IDs))
	for i, id := range r.IDs {
		pieces[i] = voc.Token(id)
	}
	return fmt.Sprintf("%q is not in the vocabulary; using the mean of its %d WordPiece pieces %s",
		r.Word, len(r.IDs), strings.Join(pieces, " "))
}

// Resolve finds the vector for word: its row when it is a vocab token,
// else the mean of its WordPiece pieces. A piece that would be [UNK] is an
// error naming the word.
func (s *Store) Resolve(word string) (Resolved, error) {
	if id, ok := s.voc.ID(word); ok {
		return Resolved{Word: word, IDs: []int{id}, Vector: s.mat.Row(id)}, nil
	}
	ids, err := s.voc.WordPiece(word)
	if err != nil {
		if errors.Is(err, vocab.ErrUnknown) {
			return Resolved{}, fmt.Errorf("%w %q: not in the vocabulary and its WordPiece split has [UNK]", ErrWord, word)
		}
		return Resolved{}, fmt.Errorf("%w %q: %w", ErrWord, word, err)
	}
	if len(ids) == 1 { // cannot happen for a non-token, but be safe
		return Resolved{Word: word, IDs: ids, Vector: s.mat.Row(ids[0])}, nil
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
	return Resolved{Word: word, IDs: ids, Vector: mean}, nil
}
