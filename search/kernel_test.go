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
