//go:build cgo && !nolibtorch

package model

/*
#cgo CFLAGS: -O3
#include "layernorm_cpu.h"
int at_get_num_threads();
*/
import "C"

import (
	"sync"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// On the CPU each LayerNorm of a layer runs as one C pass
// (layernorm_cpu.c) that also writes the next residual sum: 1.4-1.6x
// faster than libtorch's LayerNorm and add at BERT-base's shapes
// (BenchmarkPasses), and more accurate where a row's mean dwarfs its
// spread. A bias-and-GELU pass after a plain product was tried too and
// was no faster than libtorch's bias copy, GEMM and GELU, so the
// intermediate stays libtorch's. Other devices keep libtorch's ops.

// floats returns t's data when it is a contiguous float32 tensor. The
// callers check that the model is on the CPU (gotch's Tensor.Device
// misreports the CPU's index, so it is not asked here).
func floats(t *ts.Tensor) (*C.float, bool) {
	if t == nil || t.DType() != gotch.Float {
		return nil, false
	}
	if c, err := t.IsContiguous(); err != nil || !c {
		return nil, false
	}
	p, err := t.DataPtr()
	if err != nil {
		return nil, false
	}
	return (*C.float)(p), true
}

// rowsOfLast is the number of rows of width n in t.
func rowsOfLast(t *ts.Tensor, n int64) int64 { return int64(t.Numel()) / n }

// parallelRows runs f over [0, rows) split across the calling thread's
// libtorch intra-op count, as libtorch's own elementwise ops would.
func parallelRows(rows int64, f func(lo, hi int64)) {
	n := min(int64(C.at_get_num_threads()), rows)
	if n <= 1 {
		f(0, rows)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		lo, hi := rows*i/n, rows*(i+1)/n
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}

// layerNormPlus returns LayerNorm(x)·w + bias and, when plusBias is not
// nil, that plus plusBias (the next residual sum), from one C pass. ok is
// false, with nothing made, when the tensors do not qualify.
func (b *bert) layerNormPlus(s *scope, x, w, bias, plusBias *ts.Tensor) (out, plus *ts.Tensor, ok bool) {
	H := b.hidden()
	xp, ok1 := floats(x)
	wp, ok2 := floats(w)
	bp, ok3 := floats(bias)
	if b.dev != gotch.CPU || !ok1 || !ok2 || !ok3 {
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
	parallelRows(rowsOfLast(x, H), func(lo, hi int64) {
		C.bv_layer_norm(xp, op, wp, bp, eps, pp, pb, C.int64_t(H), C.int64_t(lo), C.int64_t(hi))
	})
	return out, plus, true
}
