//go:build cgo && !nolibtorch

package model

import (
	"math/rand/v2"
	"testing"

	"github.com/sugarme/gotch/ts"
)

// The elementwise attention for short sequences and transformers' matrix
// formulation must agree, with and without a mask.
func TestAttendShortMatchesLong(t *testing.T) {
	e := load(t, tiny)
	b := e.b
	const batch, seq = 5, 6
	H := b.hidden()
	rng := rand.New(rand.NewPCG(1, 2))
	randT := func() []float32 {
		x := make([]float32, batch*seq*int(H))
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		return x
	}
	var s scope
	defer s.drop()
	mk := func() *ts.Tensor {
		return b.splitHeads(&s, s.add(float32Tensor(randT(), batch, seq, H)), batch, seq)
	}
	q, k, v := mk(), mk(), mk()
	mask := make([]int64, batch*seq)
	for i := range mask {
		mask[i] = int64(1 - (i%seq)/4) // the last two positions masked
	}
	for _, m := range []*ts.Tensor{nil, toDevice(&s, b.device(), s.add(additiveMask(mask, batch, seq)))} {
		short := b.attendShort(&s, q, k, v, m, batch, seq, seq)
		long := b.attendLong(&s, q, k, v, m)
		if !s.ok() {
			t.Fatal(s.err)
		}
		a, c := make([]float32, batch*seq*int(H)), make([]float32, batch*seq*int(H))
		if err := copyOut(short, a); err != nil {
			t.Fatal(err)
		}
		if err := copyOut(long, c); err != nil {
			t.Fatal(err)
		}
		if d, at := maxAbsDiff(a, c); d > 1e-5 {
			t.Errorf("mask %v: short and long attention differ by %g at %d", m != nil, d, at)
		}
	}
}
