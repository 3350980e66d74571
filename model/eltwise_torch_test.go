//go:build cgo && !nolibtorch

package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sugarme/gotch/ts"
)

// The C bias-and-GELU pass must agree with libtorch's linear and exact
// (erf) GELU, across the whole range of pre-activations: the far negative
// tail, zeros of both signs, tiny values, the far positive side, and NaN,
// which must stay NaN.
func TestLinearGELUMatchesLibtorch(t *testing.T) {
	b := load(t, tiny).b
	special := []float32{-40, -13, -9.5, -5.5, -3, -1, -1e-3, float32(math.Copysign(0, -1)), 0, 1e-30, 1e-3, 0.5, 1, 2.5, 7, 13, 40, float32(math.NaN())}
	const k = 16
	rng := rand.New(rand.NewPCG(5, 6))
	rows := len(special) + 64
	x := make([]float32, rows*k)
	for i := range x {
		x[i] = float32(rng.NormFloat64() * 4)
	}
	// W is the identity, so row i of the product is row i of x: the special
	// values go in as pre-activations (before a zero bias) unchanged.
	w, bias := make([]float32, k*k), make([]float32, k)
	for i := range k {
		w[i*k+i] = 1
	}
	for i, v := range special {
		x[i*k] = v
	}
	for i := range bias[1:] {
		bias[i+1] = float32(rng.NormFloat64())
	}
	var s scope
	defer s.drop()
	xt, wt, bt := s.add(float32Tensor(x, int64(rows), k)), s.add(float32Tensor(w, k, k)), s.add(float32Tensor(bias, k))
	if !s.ok() {
		t.Fatal(s.err)
	}
	got, ok := b.linearGELU(&s, xt, wt, bt)
	if !ok || got == nil {
		t.Fatalf("linearGELU declined CPU float32 input (err %v)", s.err)
	}
	want := s.add(linear(&s, xt, wt, bt).Gelu("none", false))
	g, wv := flat(t, &s, got), flat(t, &s, want)
	for i := range g {
		if math.IsNaN(float64(wv[i])) != math.IsNaN(float64(g[i])) {
			t.Fatalf("value %d (pre-activation %g): got %g, libtorch %g", i, x[i], g[i], wv[i])
		}
		if d := math.Abs(float64(g[i] - wv[i])); d > 2e-6*max(1, math.Abs(float64(wv[i]))) {
			t.Errorf("value %d (pre-activation %g): got %g, libtorch %g (diff %g)", i, x[i]+bias[i%k], g[i], wv[i], d)
		}
	}
}

// The C LayerNorm must agree with a float64 LayerNorm, including rows
// whose mean dwarfs their spread (where libtorch's own is off by 1e-2),
// with libtorch's elsewhere, and write the next residual sum exactly as
// out + bias.
func TestLayerNormPlusMatchesLibtorch(t *testing.T) {
	b := load(t, tiny).b
	H := b.hidden()
	const rows = 9
	rng := rand.New(rand.NewPCG(7, 8))
	x := make([]float32, rows*int(H))
	for i := range x {
		r := i / int(H)
		x[i] = float32(float64(r*r*10) + rng.NormFloat64()*math.Pow(10, float64(r%4-2)))
	}
	gen := func() []float32 {
		v := make([]float32, H)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	var s scope
	defer s.drop()
	xt := s.add(float32Tensor(x, rows, H))
	w, bias, next := s.add(float32Tensor(gen(), H)), s.add(float32Tensor(gen(), H)), s.add(float32Tensor(gen(), H))
	if !s.ok() {
		t.Fatal(s.err)
	}
	out, plus, ok := b.layerNormPlus(&s, xt, w, bias, next)
	if !ok || out == nil || plus == nil {
		t.Fatalf("layerNormPlus declined CPU float32 input (err %v)", s.err)
	}
	want := s.add(ts.LayerNorm(xt, []int64{H}, w, bias, b.cfg.LayerNormEps, false))
	o, wv := flat(t, &s, out), flat(t, &s, want)
	ref := layerNorm64(x, flat(t, &s, w), flat(t, &s, bias), int(H), b.cfg.LayerNormEps)
	if d, at := maxAbsDiff(o, ref); d > 2e-5 {
		t.Errorf("LayerNorm differs from float64's by %g at %d (row %d)", d, at, at/int(H))
	}
	// Where the spread is not tiny next to the mean, libtorch agrees too.
	for r := range rows {
		if r%4 != 3 {
			continue // spread ≤ 1 next to a mean up to 640: libtorch's float32 mean is off by up to 1e-2
		}
		lo, hi := r*int(H), (r+1)*int(H)
		if d, at := maxAbsDiff(o[lo:hi], wv[lo:hi]); d > 2e-5 {
			t.Errorf("row %d: LayerNorm differs from libtorch's by %g at %d", r, d, at)
		}
	}
	p, nv := flat(t, &s, plus), flat(t, &s, next)
	for i := range p {
		if p[i] != o[i]+nv[i%int(H)] {
			t.Fatalf("plus[%d] = %g, want %g + %g", i, p[i], o[i], nv[i%int(H)])
		}
	}
}

// layerNorm64 is the reference LayerNorm in float64.
func layerNorm64(x, w, b []float32, n int, eps float64) []float32 {
	out := make([]float32, len(x))
	for r := 0; r < len(x)/n; r++ {
		row := x[r*n : (r+1)*n]
		var mean, ss float64
		for _, v := range row {
			mean += float64(v)
		}
		mean /= float64(n)
		for _, v := range row {
			ss += (float64(v) - mean) * (float64(v) - mean)
		}
		rstd := 1 / math.Sqrt(ss/float64(n)+eps)
		for c, v := range row {
			out[r*n+c] = float32((float64(v)-mean)*rstd*float64(w[c]) + float64(b[c]))
		}
	}
	return out
}
