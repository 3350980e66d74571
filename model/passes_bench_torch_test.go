//go:build cgo && !nolibtorch

package model

import (
	"math/rand/v2"
	"testing"

	"github.com/sugarme/gotch/ts"
)

// The C passes against their libtorch twins at BERT-base's shapes for
// --batch 256 (768 rows), one thread: read the ratio of each pair, which
// one run measures side by side. The figures behind the README's profile.

// randTensor is a [shape] float32 tensor of N(0, 1) values in s.
func randTensor(s *scope, rng *rand.Rand, shape ...int64) *ts.Tensor {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return s.add(float32Tensor(x, shape...))
}

// pass runs f in a fresh scope per iteration, so that each iteration frees
// what it made, as a forward's layer scope does.
func pass(b *testing.B, f func(c *scope) bool) {
	for b.Loop() {
		var c scope
		done := f(&c)
		err := c.err
		c.drop()
		if err != nil || !done {
			b.Fatalf("pass declined or failed: %v", err)
		}
	}
}

func BenchmarkPasses(b *testing.B) {
	bt := benchEncoder(b, 1).b
	const batch, seq = 256, 3
	H := bt.hidden()
	rng := rand.New(rand.NewPCG(9, 10))
	var s scope
	defer s.drop()
	qkv := randTensor(&s, rng, batch, seq, 3*H)
	part := func(i int64) *ts.Tensor {
		return bt.splitHeads(&s, s.add(qkv.Narrow(2, i*H, H, false)), batch, seq)
	}
	q, k, v := part(0), part(1), part(2)
	x := randTensor(&s, rng, batch*seq, H)
	l := &bt.layers[0]
	if !s.ok() {
		b.Fatal(s.err)
	}
	b.Run("attention/c", func(b *testing.B) {
		pass(b, func(c *scope) bool { _, ok := bt.attendKernel(c, q, k, v, nil, batch, seq, seq); return ok })
	})
	b.Run("attention/libtorch", func(b *testing.B) {
		pass(b, func(c *scope) bool { return bt.attendShort(c, q, k, v, nil, batch, seq, seq) != nil })
	})
	b.Run("layernorm+sum/c", func(b *testing.B) {
		pass(b, func(c *scope) bool { _, _, ok := bt.layerNormPlus(c, x, l.ln1W, l.ln1B, l.fB); return ok })
	})
	b.Run("layernorm+sum/libtorch", func(b *testing.B) {
		pass(b, func(c *scope) bool {
			h := c.add(ts.LayerNorm(x, []int64{H}, l.ln1W, l.ln1B, bt.cfg.LayerNormEps, false))
			return c.ok() && c.add(h.Add(l.fB, false)) != nil
		})
	})
	b.Run("intermediate/c", func(b *testing.B) {
		pass(b, func(c *scope) bool { _, ok := bt.linearGELU(c, x, l.iW, l.iB); return ok })
	})
	b.Run("intermediate/libtorch", func(b *testing.B) {
		pass(b, func(c *scope) bool { return bt.activateInPlace(c, linear(c, x, l.iW, l.iB)) != nil })
	})
}
