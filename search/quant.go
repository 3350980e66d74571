package search

import (
	"math"
)

// quantIndex is an int8 copy of the matrix for the fast scans: row r is
// approximated by alpha_r·codes_r, and what bounds that approximation's
// error is kept per row (see bound.go).
type quantIndex struct {
	rows, dim int
	stride    int    // codes per row: dim rounded up to a multiple of 16
	codes     []int8 // rows*stride, zero padded
	// qlevels is the query code range ±qlevels: as fine as int16 allows
	// while 127·qlevels·stride still fits an int32 dot product.
	qlevels float64
	wild    []bool // rows the bounds do not cover: always re-ranked
	// Per-row constants of the bound formula, one set per metric.
	l2, cos []rowConst
	maxNorm float64
}

// rowConst holds a row's c0..c3 in
//
//	key ≥ c0 + q0 − c1·(q1·dot) − (c2·q2 + c3·q3)
//
// (bound.go); 32 bytes, so one cache line serves two rows.
type rowConst struct{ c0, c1, c2, c3 float64 }

// Rows whose norm is outside [tinyNorm, hugeNorm] (or not finite) would
// make the float32 kernels underflow or overflow, where relative error
// bounds stop holding; they are always re-ranked exactly instead.
const (
	tinyNorm = 1e-15
	hugeNorm = 1e15
	// maxQuantDim keeps 127·1·stride within an int32 with room to spare.
	maxQuantDim = 1 << 20
)

// Prepare builds the row norms and the quantized index that make repeated
// single queries fast (SearchBatch builds them itself). It costs about one
// pass over the matrix; without it Search scans the float32 rows.
func (s *Store) Prepare() {
	s.rowStats()
	s.index.once.Do(func() {
		if s.dim <= maxQuantDim {
			s.index.q.Store(buildIndex(s))
		}
	})
}

// builtIndex returns the index when Prepare has built it and the kernels
// make it faster than the exact scan.
func (s *Store) builtIndex() *quantIndex {
	if !useQuant {
		return nil
	}
	return s.index.q.Load()
}

// useQuant is a variable so tests can run the quantized paths with the
// portable kernels too.
var useQuant = haveSIMD

func buildIndex(s *Store) *quantIndex {
	stride := (s.dim + 15) &^ 15
	qi := &quantIndex{
		rows: s.rows, dim: s.dim, stride: stride,
		codes:   make([]int8, s.rows*stride),
		qlevels: float64(min(16383, (math.MaxInt32-1)/(127*stride))),
		wild:    make([]bool, s.rows),
		l2:      make([]rowConst, s.rows),
		cos:     make([]rowConst, s.rows),
	}
	parallelRows(s.rows, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			n := s.stats.norms[r]
			if !(n == 0 || (n >= tinyNorm && n <= hugeNorm)) {
				qi.wild[r] = true
				qi.l2[r] = rowConst{c0: math.Inf(-1)}
				qi.cos[r] = rowConst{c0: math.Inf(-1)}
				continue
			}
			alpha, e := quantize(qi.codes[r*stride:r*stride+s.dim], s.mat.Row(r), 127)
			qi.l2[r] = rowConst{c0: n * n, c1: alpha, c2: n, c3: e}
			qi.cos[r] = rowConst{c2: 1}
			if n > 0 {
				qi.cos[r] = rowConst{c1: alpha / n, c2: 1, c3: e / n}
			}
		}
	})
	for r, n := range s.stats.norms {
		if !qi.wild[r] {
			qi.maxNorm = max(qi.maxNorm, n)
		}
	}
	return qi
}

// quantize writes codes c in [-levels, levels] with x ≈ alpha·c (alpha =
// max|x|/levels, rounded to nearest) and returns alpha and the exact
// error norm ‖x − alpha·c‖.
func quantize[T int8 | int16](dst []T, x []float32, levels float64) (alpha, errNorm float64) {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(float64(v)))
	}
	if m == 0 {
		clear(dst)
		return 0, 0
	}
	alpha = m / levels
	inv := levels / m // any rounding here only moves codes; e2 stays exact
	var e2 float64
	for i, v := range x {
		c := math.Round(float64(v) * inv)
		c = min(max(c, -levels), levels)
		dst[i] = T(c)
		e := float64(v) - alpha*c
		e2 += e * e
	}
	return alpha, math.Sqrt(e2)
}
