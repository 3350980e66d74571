//go:build cgo && !nolibtorch

package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sugarme/gotch/ts"
)

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
