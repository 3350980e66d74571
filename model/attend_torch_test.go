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

// The C kernel must agree with attendShort, the libtorch formulation it
// replaces on the CPU: on q, k and v narrowed from one fused projection
// (strided views, as a layer makes them), for every query row and for
// position 1 alone (the fast path's last layer), with and without a
// mask, and split across threads with the same bits as on one.
func TestAttendKernelMatchesShort(t *testing.T) {
	e := load(t, tiny)
	b := e.b
	const batch, seq = 7, 5
	H := b.hidden()
	rng := rand.New(rand.NewPCG(3, 4))
	var s scope
	defer s.drop()
	data := make([]float32, batch*seq*3*int(H))
	for i := range data {
		data[i] = float32(rng.NormFloat64())
	}
	qkv := s.add(float32Tensor(data, batch, seq, 3*H))
	part := func(i int64) *ts.Tensor {
		return b.splitHeads(&s, s.add(qkv.Narrow(2, i*H, H, false)), batch, seq)
	}
	q, k, v := part(0), part(1), part(2)
	q1 := s.add(q.Narrow(1, 1, 1, false)) // [B,1,h,d], item stride seq·3H
	mask := make([]int64, batch*seq)
	for i := range mask {
		mask[i] = int64(1 - (i%seq)/3) // the last two positions masked
	}
	m := s.add(additiveMask(mask, batch, seq))
	if !s.ok() {
		t.Fatal(s.err)
	}
	for _, c := range []struct {
		name string
		q    *ts.Tensor
		sq   int64
		mask *ts.Tensor
	}{{"all rows", q, seq, nil}, {"all rows, masked", q, seq, m}, {"position 1", q1, 1, nil}, {"position 1, masked", q1, 1, m}} {
		want := flat(t, &s, b.attendShort(&s, c.q, k, v, c.mask, batch, c.sq, seq))
		var got [2][]float32
		for i, threads := range []int64{1, 3} {
			out, done := b.attendKernelOn(&s, c.q, k, v, c.mask, batch, c.sq, seq, threads)
			if !done || out == nil {
				t.Fatalf("%s: the kernel declined a CPU float32 input (err %v)", c.name, s.err)
			}
			got[i] = flat(t, &s, out)
		}
		if d, at := maxAbsDiff(got[0], want); d > 1e-5 {
			t.Errorf("%s: kernel and attendShort differ by %g at %d", c.name, d, at)
		}
		if d, at := maxAbsDiff(got[0], got[1]); d != 0 {
			t.Errorf("%s: 1 and 3 threads differ by %g at %d", c.name, d, at)
		}
	}
}

// flat copies a float32 tensor out.
func flat(t *testing.T, s *scope, x *ts.Tensor) []float32 {
	t.Helper()
	if !s.ok() {
		t.Fatal(s.err)
	}
	out := make([]float32, x.Numel())
	if err := copyOut(x, out); err != nil {
		t.Fatal(err)
	}
	return out
}
