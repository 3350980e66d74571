//go:build cgo && !nolibtorch

package model

import (
	"math"

	"github.com/sugarme/gotch/ts"
)

// embed returns LayerNorm(word[ids] + position[0:S] + type[0]) for ids [B,S].
func (b *bert) embed(s *scope, ids *ts.Tensor, seq int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	w := s.add(ts.Embedding(b.word, ids, -1, false, false))
	p := s.add(b.pos.Narrow(0, 0, seq, false))
	if !s.ok() {
		return nil
	}
	x := s.add(w.Add(p, false))
	if !s.ok() {
		return nil
	}
	x = s.add(x.Add(b.typ0, false))
	return b.layerNorm(s, x, b.embLNW, b.embLNB)
}

// layer runs encoder layer l on h [B,S,H] with an additive mask (or nil).
func (b *bert) layer(s *scope, l *layerWeights, h, mask *ts.Tensor, batch, seq int64) *ts.Tensor {
	return b.layerFromQKV(s, l, linear(s, h, l.qkvW, l.qkvB), h, mask, batch, seq)
}

// layerFromQKV finishes layer l given its fused projections qkv [B,S,3H].
func (b *bert) layerFromQKV(s *scope, l *layerWeights, qkv, h, mask *ts.Tensor, batch, seq int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	H := b.hidden()
	q := b.splitHeads(s, s.add(qkv.Narrow(2, 0, H, false)), batch, seq)
	k := b.splitHeads(s, s.add(qkv.Narrow(2, H, H, false)), batch, seq)
	v := b.splitHeads(s, s.add(qkv.Narrow(2, 2*H, H, false)), batch, seq)
	ctx := b.attend(s, q, k, v, mask, batch, seq, seq)
	return b.feedForward(s, l, ctx, h)
}

// additiveMask turns a 0/1 attention mask [B,S] into transformers' extended
// mask [B,1,1,S] on the host: 0 where attended, the float32 minimum where
// masked.
func additiveMask(mask []int64, batch, seq int64) (*ts.Tensor, error) {
	add := make([]float32, len(mask))
	for i, m := range mask {
		if m == 0 {
			add[i] = -math.MaxFloat32
		}
	}
	return float32Tensor(add, batch, 1, 1, seq)
}

// forward runs ids [B,S] with a 0/1 attention mask (nil for all ones) and
// returns the hidden state after layer upto (0 = embedding output), [B,S,H],
// released from s to the caller.
func (b *bert) forward(s *scope, ids, mask []int64, batch, seq int64, upto int) *ts.Tensor {
	idt := toDevice(s, b.device(), s.add(int64Tensor(ids, batch, seq)))
	var m *ts.Tensor
	if mask != nil {
		m = toDevice(s, b.device(), s.add(additiveMask(mask, batch, seq)))
	}
	h := b.embed(s, idt, seq)
	for i := 0; i < upto && s.ok(); i++ {
		l, in := &b.layers[i], h
		h = s.within(func(c *scope) *ts.Tensor { return b.layer(c, l, in, m, batch, seq) })
	}
	return h
}
