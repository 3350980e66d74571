//go:build cgo && !nolibtorch

package model

import (
	"github.com/sugarme/gotch/ts"
)

// The extraction input is always [CLS] id [SEP] and only position 1 of the
// chosen layer is kept. Two facts save work without changing the result:
// the embedding outputs of [CLS] at position 0 and [SEP] at position 2, and
// hence their layer-1 projections, are the same for every id (computed once
// in pin); and in the last layer kept, only position 1's query, attention
// output and feed-forward are needed. forward on [[CLS, id, SEP]] is the
// reference the tests hold this path to.

// pinned is what [CLS] id [SEP] has in common across ids.
type pinned struct {
	pos1 *ts.Tensor // [H]: position-1 embedding row
	ends *ts.Tensor // [2,H]: embedding outputs of [CLS]@0 and [SEP]@2
	qkv  *ts.Tensor // [2,3H]: their layer-1 fused projections
}

// pin computes the pinned rows; they live in b.own, the intermediates of
// computing them do not.
func (b *bert) pin(cls, sep int64) (*pinned, error) {
	s := &b.own
	p := &pinned{}
	p.ends = s.within(func(c *scope) *ts.Tensor {
		ids := toDevice(c, b.device(), c.add(int64Tensor([]int64{cls, 0, sep}, 1, 3)))
		e := b.embed(c, ids, 3) // [1,3,H]; the middle row is unused
		idx := toDevice(c, b.device(), c.add(int64Tensor([]int64{0, 2}, 2)))
		if !c.ok() {
			return nil
		}
		e2 := c.add(e.Select(0, 0, false))
		if !c.ok() {
			return nil
		}
		return c.add(e2.IndexSelect(0, idx, false))
	})
	if !s.ok() {
		return nil, s.err
	}
	p.pos1 = s.add(b.pos.Select(0, 1, false))
	if len(b.layers) > 0 {
		l := &b.layers[0]
		p.qkv = linear(s, p.ends, l.qkvW, l.qkvB)
	}
	return p, s.err
}

// withEnds builds [B,3,W] from the pinned rows ends [2,W] and mid [B,W].
func withEnds(s *scope, ends, mid *ts.Tensor, batch, w int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	first := s.add(ends.Select(0, 0, false))
	last := s.add(ends.Select(0, 1, false))
	if !s.ok() {
		return nil
	}
	first = s.add(first.Expand([]int64{batch, w}, false, false))
	last = s.add(last.Expand([]int64{batch, w}, false, false))
	if !s.ok() {
		return nil
	}
	return s.add(ts.Stack([]*ts.Tensor{first, mid, last}, 1))
}

// position1 returns the output of layer upto at position 1 of
// [CLS] id [SEP] for every id, [B,H].
func (b *bert) position1(s *scope, p *pinned, ids []int64, upto int) *ts.Tensor {
	batch := int64(len(ids))
	idt := toDevice(s, b.device(), s.add(int64Tensor(ids, batch)))
	if !s.ok() {
		return nil
	}
	w := s.add(ts.Embedding(b.word, idt, -1, false, false))
	if !s.ok() {
		return nil
	}
	w = s.add(w.Add(p.pos1, false))
	if !s.ok() {
		return nil
	}
	w = s.add(w.Add(b.typ0, false))
	mid := b.layerNorm(s, w, b.embLNW, b.embLNB) // [B,H]
	if upto == 0 {
		return mid
	}
	h := withEnds(s, p.ends, mid, batch, b.hidden())
	if upto == 1 {
		return b.lastLayer(s, &b.layers[0], h, batch)
	}
	h = s.within(func(c *scope) *ts.Tensor {
		qkv := withEnds(c, p.qkv, linear(c, mid, b.layers[0].qkvW, b.layers[0].qkvB), batch, 3*b.hidden())
		return b.layerFromQKV(c, &b.layers[0], qkv, h, nil, batch, 3)
	})
	for i := 1; i < upto-1 && s.ok(); i++ {
		l, in := &b.layers[i], h
		h = s.within(func(c *scope) *ts.Tensor { return b.layer(c, l, in, nil, batch, 3) })
	}
	last, in := &b.layers[upto-1], h
	return s.within(func(c *scope) *ts.Tensor { return b.lastLayer(c, last, in, batch) })
}

// lastLayer runs layer l on h [B,3,H] for position 1 only, [B,H].
func (b *bert) lastLayer(s *scope, l *layerWeights, h *ts.Tensor, batch int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	x1 := s.add(h.Select(1, 1, false)) // [B,H]
	q := linear(s, x1, l.qW, l.qB)
	kv := linear(s, h, l.kvW, l.kvB) // [B,3,2H]
	if !s.ok() {
		return nil
	}
	H := b.hidden()
	q = b.splitHeads(s, q, batch, 1)
	k := b.splitHeads(s, s.add(kv.Narrow(2, 0, H, false)), batch, 3)
	v := b.splitHeads(s, s.add(kv.Narrow(2, H, H, false)), batch, 3)
	ctx := b.attend(s, q, k, v, nil, batch, 1, 3) // [B,1,H]
	if !s.ok() {
		return nil
	}
	ctx = s.add(ctx.View([]int64{batch, H}, false))
	return b.feedForward(s, l, ctx, x1)
}
