//go:build cgo && !nolibtorch

package model

/*
#cgo CFLAGS: -O3
#cgo LDFLAGS: -lm
#include "attend_cpu.h"
*/
import "C"

import (
	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// On the CPU the short-sequence attention runs as one C loop
// (attend_cpu.c) instead of libtorch's broadcast products: those write and
// re-read a [B,Sq,S,h,d] intermediate twice per layer (7 MB for 256 ids
// of BERT-base, past L2), and with their sums, softmax and fills they were
// about 5% of a forward. The loop reads q, k and v in place, through the
// views' strides, and writes the context once. attendShort stays the path
// for other devices and the reference the tests hold this one to.

// rowsOf describes x [B,S,h,d] to the kernel: its data pointer and item
// and row strides. ok is false unless each head's d values are contiguous
// and the heads follow each other, which q, k and v narrowed from a fused
// projection and viewed by splitHeads are.
func rowsOf(x *ts.Tensor, d int64) (r C.bv_rows, ok bool, err error) {
	st, err := x.Stride()
	if err != nil || len(st) != 4 || st[3] != 1 || st[2] != d {
		return r, false, err
	}
	p, err := x.DataPtr()
	if err != nil {
		return r, false, err
	}
	return C.bv_rows{base: (*C.float)(p), item: C.int64_t(st[0]), row: C.int64_t(st[1])}, true, nil
}

// attendKernel computes what attendShort does, [B,Sq,h,d], with the C
// loop. ok is false, with nothing made, when the inputs do not qualify
// (not on the CPU, an unexpected layout, a sequence past the kernel's
// limit, a mask not [B,1,1,S] contiguous); the caller then uses
// attendShort.
func (b *bert) attendKernel(s *scope, q, k, v, mask *ts.Tensor, batch, sq, seq int64) (*ts.Tensor, bool) {
	return b.attendKernelOn(s, q, k, v, mask, batch, sq, seq, intraOpThreads())
}

// attendKernelOn is attendKernel on the given number of threads.
func (b *bert) attendKernelOn(s *scope, q, k, v, mask *ts.Tensor, batch, sq, seq, threads int64) (*ts.Tensor, bool) {
	if b.dev != gotch.CPU || seq > C.BV_ATTEND_MAX_S || q.DType() != gotch.Float {
		return nil, false
	}
	h, d := b.heads(), b.hidden()/b.heads()
	a := C.bv_attend_args{sq: C.int32_t(sq), s: C.int32_t(seq), heads: C.int32_t(h), d: C.int32_t(d), scale: C.float(b.scaleValue())}
	for _, o := range []struct {
		x   *ts.Tensor
		dst *C.bv_rows
	}{{q, &a.q}, {k, &a.k}, {v, &a.v}} {
		r, ok, err := rowsOf(o.x, d)
		if err != nil {
			s.err = err
			return nil, true
		}
		if !ok {
			return nil, false
		}
		*o.dst = r
	}
	if mask != nil {
		p, ok := maskRows(mask, batch, seq)
		if !ok {
			return nil, false
		}
		a.mask = p
	}
	out := s.add(ts.Empty([]int64{batch, sq, h, d}, gotch.Float, gotch.CPU))
	if !s.ok() {
		return nil, true
	}
	p, err := out.DataPtr()
	if err != nil {
		s.err = err
		return nil, true
	}
	a.out = (*C.float)(p)
	splitRows(batch, threads, func(lo, hi int64) { C.bv_attend(&a, C.int64_t(lo), C.int64_t(hi)) })
	return out, true
}

// maskRows returns the additive mask's data when it is a contiguous
// float32 [B,1,1,S], the layout additiveMask makes.
func maskRows(mask *ts.Tensor, batch, seq int64) (*C.float, bool) {
	sz, err := mask.Size()
	if err != nil || len(sz) != 4 || sz[0] != batch || sz[1] != 1 || sz[2] != 1 || sz[3] != seq {
		return nil, false
	}
	return floats(mask)
}
