package search

import (
	"math"
)

// quantIndex is an int8 copy of the matrix for the fast scans: row r is
// approximated by alpha[r]*codes[r], and everything needed to bound the
// error of that approximation is kept per row (see bound.go).
type quantIndex struct {
	rows, dim int
	stride    int    // codes per row: dim rounded up to a multiple of 16
	codes     []int8 // rows*stride, zero padded
	alpha     []float64
	enorm     []float64 // ‖x_r - alpha_r codes_r‖, exact in float64
	sq        []float64 // ‖x_r‖²
	norm      []float64 // ‖x_r‖
	wild      []bool    // rows the bounds do not cover: always re-ranked
	maxNorm   float64
}

// Rows whose norm is outside [tinyNorm, hugeNorm] (or not finite) would
// make the float32 kernels underflow or overflow, where relative error
// bounds stop holding; they are always re-ranked exactly instead.
const (
	tinyNorm = 1e-15
	hugeNorm = 1e15
	// maxQuantDim keeps an int32 dot product of int8 codes from overflowing
	// (127*127*dim < 2^31).
	maxQuantDim = 100000
)

// Prepare builds the row norms and the quantized index that make repeated
// single queries fast (SearchBatch builds them itself). It costs about one
// pass over the matrix; without it Search scans the float32 rows.
func (s *Store) Prepare() {
	s.rowStats()
	s.index.once.Do(func() {
		if s.dim <= maxQuantDim {
			s.index.q = buildIndex(s)
		}
	})
}

// builtIndex returns the index when Prepare has built it and the kernels
// make it faster than the exact scan.
func (s *Store) builtIndex() *quantIndex {
	if !useQuant {
		return nil
	}
	return s.index.q
}

// useQuant is a variable so tests can run the quantized paths with the
// portable kernels too.
var useQuant = haveSIMD

func buildIndex(s *Store) *quantIndex {
	stride := (s.dim + 15) &^ 15
	qi := &quantIndex{
		rows: s.rows, dim: s.dim, stride: stride,
		codes: make([]int8, s.rows*stride),
		alpha: make([]float64, s.rows),
		enorm: make([]float64, s.rows),
		sq:    make([]float64, s.rows),
		norm:  make([]float64, s.rows),
		wild:  make([]bool, s.rows),
	}
	parallelRows(s.rows, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			x := s.mat.Row(r)
			n := s.stats.norms[r]
			qi.norm[r], qi.sq[r] = n, n*n
			if !(n == 0 || (n >= tinyNorm && n <= hugeNorm)) {
				qi.wild[r] = true
				continue
			}
			qi.alpha[r], qi.enorm[r] = quantize(qi.codes[r*stride:r*stride+s.dim], x)
		}
	})
	for r, n := range qi.norm {
		if !qi.wild[r] {
			qi.maxNorm = max(qi.maxNorm, n)
		}
	}
	return qi
}

// quantize writes int8 codes c with x ≈ alpha*c (alpha = max|x|/127,
// round to nearest) and returns alpha and the exact error norm ‖x - alpha c‖.
func quantize[T int8 | int16](dst []T, x []float32) (alpha, errNorm float64) {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(float64(v)))
	}
	if m == 0 {
		clear(dst)
		return 0, 0
	}
	alpha = m / 127
	var e2 float64
	for i, v := range x {
		c := math.Round(float64(v) / alpha)
		c = min(max(c, -127), 127)
		dst[i] = T(c)
		e := float64(v) - alpha*c
		e2 += e * e
	}
	return alpha, math.Sqrt(e2)
}
