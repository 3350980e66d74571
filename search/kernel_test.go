package search

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The SIMD kernels must agree with the portable ones: exactly for the
// integer kernels, to float32 rounding for the float ones.
func TestKernelsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 64, 100, 767, 768, 1000} {
		for _, off := range []int{0, 1, 3} {
			a := gaussian(rng, n+off)[off:]
			b := gaussian(rng, n+off)[off:]
			if got, want := float64(dot(a, b)), dot64(a, b); math.Abs(got-want) > 1e-5*(1+float64(n)) {
				t.Errorf("dot n=%d off=%d: %v, want %v", n, off, got, want)
			}
			var d2 float64
			for i := range a {
				d := float64(a[i]) - float64(b[i])
				d2 += d * d
			}
			if got := float64(l2sq(a, b)); math.Abs(got-d2) > 1e-6*(1+d2)*float64(n+1) {
				t.Errorf("l2sq n=%d off=%d: %v, want %v", n, off, got, d2)
			}
			if l2sq(a, a) != 0 {
				t.Errorf("l2sq(a, a) = %v", l2sq(a, a))
			}
		}
	}
	for _, n := range []int{0, 16, 32, 48, 64, 80, 768, 784} {
		a0, a1 := randCodes8(rng, n), randCodes8(rng, n)
		q := make([]int16, 4*(n+16))
		for i := range q {
			q[i] = int16(rng.IntN(255) - 127)
		}
		if got, want := dotI8(a0, q), dotI8Go(a0, q); got != want {
			t.Errorf("dotI8 n=%d: %d, want %d", n, got, want)
		}
		var got, want [8]int32
		dots2x4(a0, a1, q, n+16, &got)
		dots2x4Go(a0, a1, q, n+16, &want)
		if got != want {
			t.Errorf("dots2x4 n=%d: %v, want %v", n, got, want)
		}
	}
}

// The extreme codes must not overflow the int16 pair sums.
func TestDotI8Extremes(t *testing.T) {
	n := 768
	a := make([]int8, n)
	q := make([]int16, n)
	for i := range a {
		a[i], q[i] = -127, -127
	}
	if got := dotI8(a, q); got != int32(n*127*127) {
		t.Errorf("dotI8 = %d, want %d", got, n*127*127)
	}
}

func randCodes8(rng *rand.Rand, n int) []int8 {
	c := make([]int8, n)
	for i := range c {
		c[i] = int8(rng.IntN(255) - 127)
	}
	return c
}

// The fused cutoff test must pick the same pairs as the portable one.
// Constants are drawn so that about half the pairs pass, away from
// exact equality (the two may round differently there, which the
// cutoff's margin absorbs).
func TestDotsCutAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 96
	for trial := range 200 {
		a0, a1 := randCodes8(rng, n), randCodes8(rng, n)
		q := make([]int16, 4*n)
		for i := range q {
			q[i] = int16(rng.IntN(2001) - 1000)
		}
		rc := func() rowConst {
			return rowConst{rng.NormFloat64(), rng.Float64(), rng.Float64(), rng.Float64()}
		}
		r0, r1 := rc(), rc()
		var qc quadConst
		for j := range 4 {
			qc.q0[j], qc.q1[j], qc.q2[j], qc.q3[j] = rng.NormFloat64(), rng.Float64()*1e-4, rng.Float64(), rng.Float64()
			qc.cut[j] = rng.NormFloat64() * 3
		}
		if trial%10 == 0 {
			r1.c0 = math.Inf(-1) // a wild row always passes
			qc.cut[3] = math.Inf(-1)
		}
		var got, want [8]int32
		mg := dotsCut(a0, a1, q, n, &got, &r0, &r1, &qc)
		mw := dotsCutGo(a0, a1, q, n, &want, &r0, &r1, &qc)
		if got != want || mg != mw {
			t.Fatalf("trial %d: mask %08b dots %v, want %08b %v", trial, mg, got, mw, want)
		}
		if trial%10 == 0 && (mg&0x70 != 0x70 || mg&0x88 != 0) {
			t.Fatalf("trial %d: wild row or -Inf cutoff mishandled: %08b", trial, mg)
		}
	}
}
