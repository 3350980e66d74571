//go:build cgo && !nolibtorch

package model

/*
#cgo CFLAGS: -O3
#include "eltwise_cpu.h"
*/
import "C"

import (
	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// On the CPU the feed-forward half of a layer runs its elementwise passes
// in C (eltwise_cpu.c). Each LayerNorm is one pass that also writes the
// next residual sum: 1.4-1.6x libtorch's LayerNorm and add at BERT-base's
// shapes (BenchmarkPasses), and more accurate where a row's mean dwarfs
// its spread. The intermediate is a plain product and one bias-and-GELU
// pass instead of libtorch's bias copy, GEMM and GELU: the same time in
// isolation (the product's zeroing costs what the copy did), but 1.5% off
// whole extractions in three alternating pairs. Other devices and
// activations keep libtorch's ops (feedForward).

// rowsOfLast is the number of rows of width n in t.
func rowsOfLast(t *ts.Tensor, n int64) int64 { return int64(t.Numel()) / n }

// linearGELU returns gelu(x·Wᵀ + bias) for x [..., k] and W [n, k]: the
// product by mm, then the bias and GELU in one C pass in place. ok is
// false, with nothing made, when the tensors do not qualify.
func (b *bert) linearGELU(s *scope, x, w, bias *ts.Tensor) (out *ts.Tensor, ok bool) {
	if b.dev != gotch.CPU || b.act != ActGELU {
		return nil, false
	}
	sz, err := x.Size()
	wsz, werr := w.Size()
	if err != nil || werr != nil || len(wsz) != 2 || len(sz) < 1 || sz[len(sz)-1] != wsz[1] {
		return nil, false
	}
	bp, ok := floats(bias)
	if !ok {
		return nil, false
	}
	n, k := wsz[0], wsz[1]
	x2 := s.add(x.View([]int64{-1, k}, false))
	wt := s.add(w.Transpose(0, 1, false))
	if !s.ok() {
		return nil, true
	}
	x2 = inFormatOf(s, x2, w) // BF16: the product in bfloat16, then float32
	if !s.ok() {
		return nil, true
	}
	out = asFloat(s, s.add(x2.Mm(wt, false)))
	if !s.ok() {
		return nil, true
	}
	op, ok := floats(out)
	if !ok { // mm returns a fresh contiguous tensor; never expected
		return b.activateInPlace(s, s.add(out.Add(bias, false))), true
	}
	splitRows(rowsOfLast(out, n), intraOpThreads(), func(lo, hi int64) {
		C.bv_bias_gelu(op, bp, C.int64_t(n), C.int64_t(lo), C.int64_t(hi))
	})
	return out, true
}

// layerNormPlus returns LayerNorm(x)·w + bias and, when plusBias is not
// nil, that plus plusBias (the next residual sum), from one C pass. ok is
// false, with nothing made, when the tensors do not qualify.
func (b *bert) layerNormPlus(s *scope, x, w, bias, plusBias *ts.Tensor) (out, plus *ts.Tensor, ok bool) {
	if b.dev != gotch.CPU {
		return nil, nil, false
	}
	H := b.hidden()
	xp, ok1 := floats(x)
	wp, ok2 := floats(w)
	bp, ok3 := floats(bias)
	if !ok1 || !ok2 || !ok3 {
		return nil, nil, false
	}
	var pb *C.float
	if plusBias != nil {
		if pb, ok = floats(plusBias); !ok {
			return nil, nil, false
		}
	}
	sz, err := x.Size()
	if err != nil || len(sz) < 1 || sz[len(sz)-1] != H {
		return nil, nil, false
	}
	out = s.add(ts.Empty(sz, gotch.Float, gotch.CPU))
	if plusBias != nil {
		plus = s.add(ts.Empty(sz, gotch.Float, gotch.CPU))
	}
	if !s.ok() {
		return nil, nil, true
	}
	op, _ := floats(out)
	var pp *C.float
	if plus != nil {
		pp, _ = floats(plus)
	}
	eps := C.float(b.cfg.LayerNormEps)
	splitRows(rowsOfLast(x, H), intraOpThreads(), func(lo, hi int64) {
		C.bv_layer_norm(xp, op, wp, bp, eps, pp, pb, C.int64_t(H), C.int64_t(lo), C.int64_t(hi))
	})
	return out, plus, true
}
