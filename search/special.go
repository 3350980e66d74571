package search

import (
	"math"
	"strings"
)

// IsSpecial reports whether a token is one of BERT's special tokens:
// [PAD], [UNK], [CLS], [SEP], [MASK], or a reserved [unusedN] slot. They
// are real rows, so by default they rank as faiss ranks them;
// Options.ExcludeSpecial leaves them out.
func IsSpecial(tok string) bool {
	switch tok {
	case "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]":
		return true
	}
	n, ok := strings.CutPrefix(tok, "[unused")
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, "]")
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// specialMask marks the special tokens' rows, built once.
func (s *Store) specialMask() []bool {
	s.special.once.Do(func() {
		m := make([]bool, s.rows)
		sp := s.voc.Specials()
		for _, id := range []int{sp.PAD, sp.UNK, sp.CLS, sp.SEP, sp.MASK} {
			if id >= 0 && id < s.rows {
				m[id] = true
			}
		}
		for r := range m {
			m[r] = m[r] || IsSpecial(s.voc.Token(r))
		}
		s.special.mask = m
	})
	return s.special.mask
}

// cosine is row r's cosine with the unit vector u, the key Cosine ranks
// by. Rows of ordinary norm use the float32 kernel and the cached 1/‖x‖.
// A zero row has cosine 0, as gensim's unitvec leaves a zero vector zero.
// Rows too small or too large for float32 products (denormal rows, whose
// 1/‖x‖ overflows to +Inf) are scaled in float64 first, so their cosine
// is the true one, within [-1, 1], instead of ±Inf.
func (s *Store) cosine(r int, x, u []float32) float32 {
	if n := s.stats.norms[r]; n >= tinyNorm && n <= hugeNorm {
		return dot(x, u) * s.stats.inv[r]
	}
	return s.cosineScaled(r, x, u)
}

// cosineScaled is cosine's slow path, apart so that cosine inlines.
func (s *Store) cosineScaled(r int, x, u []float32) float32 {
	return float32(cosine64(x, u, s.stats.norms[r]))
}

// cosine64 is x·u/n in float64 with x scaled first; 0 when n is 0.
func cosine64(x, u []float32, n float64) float64 {
	if n == 0 {
		return 0
	}
	if math.IsInf(n, 0) || math.IsNaN(n) {
		return math.NaN()
	}
	var c float64
	for i, v := range x {
		c += float64(v) / n * float64(u[i])
	}
	return c
}
