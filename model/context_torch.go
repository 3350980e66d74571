//go:build cgo && !nolibtorch

package model

/*
#include <malloc.h>
*/
import "C"

import (
	"context"

	"github.com/sugarme/gotch/ts"
)

// Contexts runs windows of any lengths (each a complete input such as
// [CLS] w1 … wn [SEP], token type 0) as one batch and writes, for each of
// layers (0 = embedding output, 1..N), the hidden state at every real
// position into dst. dst is layer-major: block k holds layers[k], and in it
// window w's position p is row Σ_{v<w} len(windows[v]) + p, H values a row.
//
// Shorter windows are padded with pad_token_id and masked the way
// transformers masks padding, so every window's rows equal running it
// alone; callers group windows of similar length so that padding stays
// small. One pass computes every requested layer.
func (e *Encoder) Contexts(ctx context.Context, dst []float32, windows [][]int32, layers []int) error {
	c := e.ckpt.Config
	p, err := packWindows(windows, layers, limits{vocab: c.VocabSize, maxPos: c.MaxPositionEmbeddings, layers: c.NumHiddenLayers})
	if err != nil {
		return err
	}
	if want := len(layers) * p.rows * e.Hidden(); len(dst) != want {
		return contextErr("dst holds %d values, want %d layers × %d positions × %d", len(dst), len(layers), p.rows, e.Hidden())
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err = e.run("contexts", dst, func(s *scope) *ts.Tensor { return e.b.contexts(s, p, layers) })
	// Windows of every length make tensors of every size: glibc's arenas
	// (kept out of mmap and untrimmed below 256 MB for the fixed-shape
	// dynamic path, see tuneMalloc) fragment, and RSS grew with the corpus
	// (1.7 GB after 150 sentences, 2.6 GB after 600). Giving the free
	// pages back after each forward keeps it flat, for a few page faults
	// per forward.
	C.malloc_trim(0)
	return err
}

// contexts runs the packed batch and returns the requested layers' rows at
// the real positions, [len(layers), rows, H].
func (b *bert) contexts(s *scope, p *packed, layers []int) *ts.Tensor {
	idt := toDevice(s, b.device(), s.add(int64Tensor(p.ids, p.batch, p.seq)))
	var mask, real *ts.Tensor
	if p.mask != nil {
		mask = toDevice(s, b.device(), s.add(additiveMask(p.mask, p.batch, p.seq)))
		real = toDevice(s, b.device(), s.add(int64Tensor(p.real, int64(len(p.real)))))
	}
	want := make(map[int]int, len(layers)) // layer -> slot in kept
	upto := 0
	for k, l := range layers {
		want[l] = k
		upto = max(upto, l)
	}
	kept := make([]*ts.Tensor, len(layers))
	keep := func(l int, h *ts.Tensor) {
		if k, ok := want[l]; ok && s.ok() {
			kept[k] = b.realRows(s, h, real, p)
		}
	}
	h := b.embed(s, idt, p.seq)
	keep(0, h)
	for i := 0; i < upto && s.ok(); i++ {
		l, in := &b.layers[i], h
		h = s.within(func(c *scope) *ts.Tensor { return b.layer(c, l, in, mask, p.batch, p.seq) })
		keep(i+1, h)
	}
	if !s.ok() {
		return nil
	}
	return s.add(ts.Stack(kept, 0))
}

// realRows flattens h [B,S,H] to [B·S,H] and keeps the rows of real
// (unpadded) positions; without padding every row is real.
func (b *bert) realRows(s *scope, h, real *ts.Tensor, p *packed) *ts.Tensor {
	flat := s.add(h.View([]int64{p.batch * p.seq, b.hidden()}, false))
	if real == nil || !s.ok() {
		return flat
	}
	return s.add(flat.IndexSelect(0, real, false))
}
