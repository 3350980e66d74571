//go:build cgo && !nolibtorch

package model

import (
	"fmt"

	"github.com/sugarme/gotch"

	"github.com/sugarme/gotch/ts"
)

// layerWeights holds one encoder layer. The query, key and value weights are
// stored fused ([3H, H]) so a full layer does one GEMM instead of three;
// q and kv are views into the fused tensor for the one-position path.
type layerWeights struct {
	qkvW, qkvB *ts.Tensor // [3H,H], [3H]
	qW, qB     *ts.Tensor // views: rows [0,H)
	kvW, kvB   *ts.Tensor // views: rows [H,3H)
	oW, oB     *ts.Tensor // attention output dense
	ln1W, ln1B *ts.Tensor // attention output LayerNorm
	iW, iB     *ts.Tensor // intermediate dense
	fW, fB     *ts.Tensor // output dense
	ln2W, ln2B *ts.Tensor // output LayerNorm
}

// bert is a BERT encoder on one device with frozen float32 weights. Its
// tensors are owned by own and freed by close; no weight requires grad, so
// libtorch records no autograd graph whatever the thread's grad mode is.
type bert struct {
	cfg    *Config
	act    Activation
	dev    gotch.Device
	word   *ts.Tensor // [V,H]
	pos    *ts.Tensor // [P,H]
	typ0   *ts.Tensor // [H]: token type 0 row
	embLNW *ts.Tensor
	embLNB *ts.Tensor
	layers []layerWeights
	scale  *ts.Scalar // √(H/heads), made once: scalars are C objects too
	own    scope
}

func (b *bert) device() gotch.Device { return b.dev }
func (b *bert) hidden() int64        { return int64(b.cfg.HiddenSize) }
func (b *bert) heads() int64         { return int64(b.cfg.NumAttentionHeads) }

// close frees every weight tensor.
func (b *bert) close() {
	b.own.drop()
	if b.scale != nil {
		b.scale.MustDrop()
		b.scale = nil
	}
}

// linear computes x·Wᵀ + b in scope s.
func linear(s *scope, x, w, bias *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	return s.add(ts.Linear(x, w, bias))
}

// layerNorm normalises the last dimension with the config's eps.
func (b *bert) layerNorm(s *scope, x, w, bias *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	return s.add(ts.LayerNorm(x, []int64{b.hidden()}, w, bias, b.cfg.LayerNormEps, false))
}

// activate applies the config's hidden_act.
func (b *bert) activate(s *scope, x *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	switch b.act {
	case ActGELU:
		return s.add(x.Gelu("none", false))
	case ActGELUNew:
		return s.add(x.Gelu("tanh", false))
	case ActReLU:
		return s.add(x.Relu(false))
	}
	s.err = fmt.Errorf("activation %v not implemented", b.act)
	return nil
}

// feedForward is the second half of a layer: h = LN(attn·Oᵀ + o + residual),
// then LN(act(h·Iᵀ + i)·Fᵀ + f + h). ctx and residual have the same shape.
func (b *bert) feedForward(s *scope, l *layerWeights, ctx, residual *ts.Tensor) *ts.Tensor {
	a := linear(s, ctx, l.oW, l.oB)
	if !s.ok() {
		return nil
	}
	a = s.add(a.Add(residual, false))
	h := b.layerNorm(s, a, l.ln1W, l.ln1B)
	inter := b.activate(s, linear(s, h, l.iW, l.iB))
	out := linear(s, inter, l.fW, l.fB)
	if !s.ok() {
		return nil
	}
	out = s.add(out.Add(h, false))
	return b.layerNorm(s, out, l.ln2W, l.ln2B)
}

// splitHeads turns [B,S,H] into [B,heads,S,H/heads].
func (b *bert) splitHeads(s *scope, x *ts.Tensor, batch, seq int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	v := s.add(x.View([]int64{batch, seq, b.heads(), b.hidden() / b.heads()}, false))
	if !s.ok() {
		return nil
	}
	return s.add(v.Permute([]int64{0, 2, 1, 3}, false))
}

// attend computes softmax(q·kᵀ/√d + mask)·v for q [B,h,Sq,d], k and v
// [B,h,S,d] and an additive mask broadcastable to [B,h,Sq,S] (nil for none),
// returning [B,Sq,H]. The order of operations follows transformers'
// BertSelfAttention so that float32 results agree to the last bits.
func (b *bert) attend(s *scope, q, k, v, mask *ts.Tensor, batch, sq int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	kt := s.add(k.Transpose(-1, -2, false))
	if !s.ok() {
		return nil
	}
	scores := s.add(q.Matmul(kt, false))
	if !s.ok() {
		return nil
	}
	scores = s.add(scores.DivScalar(b.scale, false))
	if mask != nil && s.ok() {
		scores = s.add(scores.Add(mask, false))
	}
	if !s.ok() {
		return nil
	}
	probs := s.add(scores.Softmax(-1, scores.DType(), false))
	if !s.ok() {
		return nil
	}
	ctx := s.add(probs.Matmul(v, false))
	if !s.ok() {
		return nil
	}
	ctx = s.add(ctx.Permute([]int64{0, 2, 1, 3}, false))
	if !s.ok() {
		return nil
	}
	ctx = s.add(ctx.Contiguous(false))
	if !s.ok() {
		return nil
	}
	return s.add(ctx.View([]int64{batch, sq, b.hidden()}, false))
}
