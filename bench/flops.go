package bench

import "github.com/bertvec/bertvec/model"

// Shape is what the FLOP count needs to know about a model: its sizes and
// the layer whose output is kept (0 = embeddings, Layers = the last).
type Shape struct {
	Hidden, Intermediate, Layers, Keep int
}

// ShapeOf reads a Shape from a config, keeping layer keep (-1: the last).
func ShapeOf(c *model.Config, keep int) Shape {
	if keep < 0 {
		keep = c.NumHiddenLayers
	}
	return Shape{Hidden: c.HiddenSize, Intermediate: c.IntermediateSize, Layers: c.NumHiddenLayers, Keep: keep}
}

// seq is the extraction input's length: [CLS] id [SEP].
const seq = 3

// FLOPsPerID counts the floating-point operations bertvec's fast path
// spends on one id (2 per multiply-add, in the linear layers and in the
// attention products; LayerNorm, softmax, GELU and adds are left out, as
// they are a few per value against the thousands of a GEMM). With H the
// hidden size, I the intermediate size and U the layers run:
//
//	full row of a layer    r = 2·(3H·H + H·H + 2·H·I) = 8H² + 4HI
//	attention, per query   a = 2·(3·H) + 2·(3·H) = 12H  (scores, then context)
//	layer 1 (U ≥ 2)          6H² + 3a + 3(2H² + 4HI)  — [CLS] and [SEP]'s
//	                         projections are pinned: only the id's row is projected
//	layers 2..U−1            3r + 3a
//	layer U                  2H² (query of position 1) + 3·4H² (keys, values)
//	                         + a + 2H² + 4HI          — only position 1 goes on
//
// U = 1 is layer U alone; U = 0 (the embeddings) costs nothing here.
func FLOPsPerID(s Shape) float64 {
	H, I, U := float64(s.Hidden), float64(s.Intermediate), s.Keep
	a := 12 * H
	last := 2*H*H + 12*H*H + a + 2*H*H + 4*H*I
	switch {
	case U <= 0:
		return 0
	case U == 1:
		return last
	}
	first := 6*H*H + 3*a + 3*(2*H*H+4*H*I)
	mid := 3*(8*H*H+4*H*I) + 3*a
	return first + float64(U-2)*mid + last
}

// FLOPsPerIDGeneric counts the same for the generic forward that runs
// every layer on all three positions: U·(3r + 3a).
func FLOPsPerIDGeneric(s Shape) float64 {
	H, I := float64(s.Hidden), float64(s.Intermediate)
	return float64(max(0, s.Keep)) * (3*(8*H*H+4*H*I) + 3*12*H)
}

// PeakGEMMs are the matrix multiplies the roofline is measured on, in the
// precision the forward multiplies in: the four
// linear layers (query-key-value, attention output, intermediate, output)
// of every layer run, for rows = 3·batch positions. model.GEMMRate gives
// each its own weight, so the weights stream from memory as in a forward
// rather than sitting in a cache a single layer's would fit.
func PeakGEMMs(s Shape, rows int, p model.Precision) []model.GEMM {
	H, I := s.Hidden, s.Intermediate
	var out []model.GEMM
	for range max(1, s.Keep) {
		out = append(out, model.GEMM{M: rows, K: H, N: 3 * H, Precision: p}, model.GEMM{M: rows, K: H, N: H, Precision: p},
			model.GEMM{M: rows, K: H, N: I, Precision: p}, model.GEMM{M: rows, K: I, N: H, Precision: p})
	}
	return out
}

// Bound is the ids/s a device of peak FLOP/s could reach if it spent every
// cycle in GEMMs at that rate.
func Bound(peak, flopsPerID float64) float64 {
	if flopsPerID <= 0 {
		return 0
	}
	return peak / flopsPerID
}

// Efficiency is the share of peak that ids/s achieve:
// ids_per_s × flops_per_id / peak.
func Efficiency(idsPerS, flopsPerID, peak float64) float64 {
	if peak <= 0 {
		return 0
	}
	return idsPerS * flopsPerID / peak
}
