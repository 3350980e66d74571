package search

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"

	"github.com/bertvec/bertvec/tokenize"
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
	tok struct { // the model's tokenizer, loaded on the first word not in the vocabulary
		once sync.Once
		t    *tokenize.Tokenizer // nil for a directory without tokenizer settings
		err  error
	}
}

// Open opens the kind's vectors in dir through vecdir.Open: file names
// from meta.json, one row per vocab line, shapes cross-checked. A missing
// kind is a *vecdir.MissingKindError; every error wraps vecdir.ErrVectors or
// vecdir.ErrKind.
func Open(dir string, kind vecdir.Kind) (*Store, error) {
	v, err := vecdir.Open(dir, kind)
	if err != nil {
		return nil, err
	}
	return &Store{dir: dir, kind: kind, voc: v.Vocab, mat: v, rows: v.Rows, dim: v.Cols}, nil
}

// Close unmaps the vectors and frees the tokenizer; the Store and every
// vector it returned become invalid.
func (s *Store) Close() error {
	err := s.mat.Close()
	if s.tok.t != nil {
		err = errors.Join(err, s.tok.t.Close())
	}
	return err
}

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
