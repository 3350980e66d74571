//go:build cgo && !nolibtorch

package model

import (
	"fmt"
	"math"

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

// scaleValue is √(H/heads), what transformers divides the scores by.
func (b *bert) scaleValue() float64 {
	return math.Sqrt(float64(b.cfg.HiddenSize / b.cfg.NumAttentionHeads))
}

// close frees every weight tensor.
func (b *bert) close() {
	b.own.drop()
	if b.scale != nil {
		b.scale.MustDrop()
		b.scale = nil
	}
}

// linear computes x·Wᵀ + b in scope s. With bfloat16 weights (BF16) x
// is rounded to bfloat16 for the product and the result is float32 again.
func linear(s *scope, x, w, bias *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	if w.DType() == gotch.Float {
		return s.add(ts.Linear(x, w, bias))
	}
	xl, bl := inFormatOf(s, x, w), inFormatOf(s, bias, w)
	if !s.ok() {
		return nil
	}
	return asFloat(s, s.add(ts.Linear(xl, w, bl)))
}

// inFormatOf returns x in w's number format: x itself when they agree, a
// bfloat16 copy for BF16 weights.
func inFormatOf(s *scope, x, w *ts.Tensor) *ts.Tensor {
	if !s.ok() || x.DType() == w.DType() {
		return x
	}
	return s.add(x.Totype(w.DType(), false))
}

// asFloat returns y as float32: y itself, or a copy of a BF16 product.
func asFloat(s *scope, y *ts.Tensor) *ts.Tensor {
	if !s.ok() || y.DType() == gotch.Float {
		return y
	}
	return s.add(y.Totype(gotch.Float, false))
}

// layerNorm normalises the last dimension with the config's eps: one C
// pass on the CPU (eltwise_cpu_torch.go), libtorch's op elsewhere.
func (b *bert) layerNorm(s *scope, x, w, bias *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	if out, _, ok := b.layerNormPlus(s, x, w, bias, nil); ok {
		return out
	}
	return b.torchLayerNorm(s, x, w, bias)
}

// torchLayerNorm is libtorch's LayerNorm, the path of other devices.
func (b *bert) torchLayerNorm(s *scope, x, w, bias *ts.Tensor) *ts.Tensor {
	return s.add(ts.LayerNorm(x, []int64{b.hidden()}, w, bias, b.cfg.LayerNormEps, false))
}

// normThenAdd returns h = layerNorm(x) and h + next, the sum the next
// residual GEMM accumulates into.
func (b *bert) normThenAdd(s *scope, x, w, bias, next *ts.Tensor) (h, sum *ts.Tensor) {
	if !s.ok() {
		return nil, nil
	}
	if h, sum, ok := b.layerNormPlus(s, x, w, bias, next); ok {
		return h, sum
	}
	h = b.torchLayerNorm(s, x, w, bias)
	if !s.ok() {
		return nil, nil
	}
	return h, s.add(h.Add(next, false))
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
// Each residual sum is made first and a GEMM accumulates into it, and the
// activation runs in place: fewer passes over the activations and one
// fewer [B·S, I] allocation per layer than linear + add + act.
func (b *bert) feedForward(s *scope, l *layerWeights, ctx, residual *ts.Tensor) *ts.Tensor {
	H, I := b.hidden(), int64(b.cfg.IntermediateSize)
	h, sum := b.normThenAdd(s, b.projectAdd(s, ctx, l.oW, l.oB, residual, H), l.ln1W, l.ln1B, l.fB)
	return b.layerNorm(s, b.accumulate(s, sum, b.intermediate(s, h, l), l.fW, I), l.ln2W, l.ln2B)
}

// intermediate returns act(h·Iᵀ + i): on the CPU with GELU a product and
// one C pass (linearGELU), else linear and the activation in place.
func (b *bert) intermediate(s *scope, h *ts.Tensor, l *layerWeights) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	if out, ok := b.linearGELU(s, h, l.iW, l.iB); ok {
		return out
	}
	return b.activateInPlace(s, linear(s, h, l.iW, l.iB))
}

// projectAdd returns residual + bias + x·Wᵀ for x [..., k] and W [H, k].
func (b *bert) projectAdd(s *scope, x, w, bias, residual *ts.Tensor, k int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	return b.accumulate(s, s.add(residual.Add(bias, false)), x, w, k)
}

// accumulate adds x·Wᵀ to acc [..., H] in place and returns acc:
// libtorch's addmm with its output as its input adds the product in place
// (BLAS beta = 1) instead of copying a bias into a fresh output first.
func (b *bert) accumulate(s *scope, acc, x, w *ts.Tensor, k int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	acc2 := s.add(acc.View([]int64{-1, b.hidden()}, false))
	x2 := s.add(x.View([]int64{-1, k}, false))
	wt := s.add(w.Transpose(0, 1, false))
	if !s.ok() {
		return nil
	}
	if w.DType() != gotch.Float { // BF16: the product in bfloat16, the sum in float32
		x2 = inFormatOf(s, x2, w)
		if !s.ok() {
			return nil
		}
		p := s.add(x2.Mm(wt, false))
		if s.ok() {
			s.add(acc2.AddOut(acc2, p, false)) // a second handle on acc's storage
		}
		return acc
	}
	s.add(acc2.AddmmOut(acc2, x2, wt, false)) // a second handle on acc's storage
	return acc
}

// activateInPlace applies the config's hidden_act to x, in place for GELU
// (gelu's out= form with x as out; gotch's Gelu_ would leak x's handle).
func (b *bert) activateInPlace(s *scope, x *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	switch b.act {
	case ActGELU:
		s.add(x.GeluOut(x, "none", false))
		return x
	case ActGELUNew:
		s.add(x.GeluOut(x, "tanh", false))
		return x
	}
	return b.activate(s, x)
}

// splitHeads views [B,S,H] as [B,S,heads,H/heads] (no copy, no permute).
func (b *bert) splitHeads(s *scope, x *ts.Tensor, batch, seq int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	return s.add(x.View([]int64{batch, seq, b.heads(), b.hidden() / b.heads()}, false))
}

// shortSeq is the longest sequence attended elementwise. For BERT's
// [CLS] id [SEP] the q·kᵀ products are 3×3 per head: as batched matrix
// multiplies libtorch spends more time dispatching B×heads tiny GEMMs than
// computing them (a quarter of a forward pass); as broadcast products
// summed over d they cost about 5%, and as one C loop on the CPU
// (attend_cpu_torch.go) well under 1%. Past a few tokens the matrix
// multiply is the better choice.
const shortSeq = 8

// attend computes softmax(q·kᵀ/√d + mask)·v per head. q is [B,Sq,h,d], k
// and v [B,S,h,d], the additive mask is broadcastable to [B,Sq,S,h] (nil
// for none); it returns [B,Sq,H]. The scaling follows transformers'
// BertSelfAttention: the product is divided by √d, then the mask added.
func (b *bert) attend(s *scope, q, k, v, mask *ts.Tensor, batch, sq, seq int64) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	var ctx *ts.Tensor
	if seq <= shortSeq {
		var done bool
		if ctx, done = b.attendKernel(s, q, k, v, mask, batch, sq, seq); !done {
			ctx = b.attendShort(s, q, k, v, mask, batch, sq, seq)
		}
	} else {
		ctx = b.attendLong(s, q, k, v, mask)
	}
	if !s.ok() {
		return nil
	}
	return s.add(ctx.View([]int64{batch, sq, b.hidden()}, false))
}

// attendShort computes the products as broadcast multiplies and sums,
// in the [B,Sq,S,h] layout; the result is [B,Sq,h,d], contiguous.
func (b *bert) attendShort(s *scope, q, k, v, mask *ts.Tensor, batch, sq, seq int64) *ts.Tensor {
	h, d := b.heads(), b.hidden()/b.heads()
	q5 := s.add(q.View([]int64{batch, sq, 1, h, d}, false))
	k5 := s.add(k.View([]int64{batch, 1, seq, h, d}, false))
	if !s.ok() {
		return nil
	}
	prod := s.add(q5.Mul(k5, false)) // [B,Sq,S,h,d]
	if !s.ok() {
		return nil
	}
	scores := s.add(prod.SumDimIntlist([]int64{4}, false, prod.DType(), false))
	if !s.ok() {
		return nil
	}
	scores = s.add(scores.DivScalar(b.scale, false))
	if mask != nil && s.ok() {
		m := s.add(mask.View([]int64{batch, 1, seq, 1}, false))
		if s.ok() {
			scores = s.add(scores.Add(m, false))
		}
	}
	if !s.ok() {
		return nil
	}
	probs := s.add(scores.Softmax(2, scores.DType(), false)) // over S
	if !s.ok() {
		return nil
	}
	p5 := s.add(probs.View([]int64{batch, sq, seq, h, 1}, false))
	v5 := s.add(v.View([]int64{batch, 1, seq, h, d}, false))
	if !s.ok() {
		return nil
	}
	weighted := s.add(p5.Mul(v5, false)) // [B,Sq,S,h,d]
	if !s.ok() {
		return nil
	}
	return s.add(weighted.SumDimIntlist([]int64{2}, false, weighted.DType(), false))
}

// attendLong is transformers' formulation: heads moved forward and two
// batched matrix multiplies; the result is [B,Sq,h,d], contiguous.
func (b *bert) attendLong(s *scope, q, k, v, mask *ts.Tensor) *ts.Tensor {
	perm := []int64{0, 2, 1, 3}
	qh := s.add(q.Permute(perm, false))
	kh := s.add(k.Permute(perm, false))
	vh := s.add(v.Permute(perm, false))
	if !s.ok() {
		return nil
	}
	kt := s.add(kh.Transpose(-1, -2, false))
	if !s.ok() {
		return nil
	}
	scores := s.add(qh.Matmul(kt, false))
	if !s.ok() {
		return nil
	}
	scores = s.add(scores.DivScalar(b.scale, false))
	if mask != nil && s.ok() {
		scores = s.add(scores.Add(mask, false)) // [B,1,1,S]
	}
	if !s.ok() {
		return nil
	}
	probs := s.add(scores.Softmax(-1, scores.DType(), false))
	if !s.ok() {
		return nil
	}
	ctx := s.add(probs.Matmul(vh, false))
	if !s.ok() {
		return nil
	}
	ctx = s.add(ctx.Permute(perm, false))
	if !s.ok() {
		return nil
	}
	return s.add(ctx.Contiguous(false))
}
