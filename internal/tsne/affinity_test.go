package tsne

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestConditionalRowHitsPerplexity(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dist := make([]float32, 90)
	for e := range dist {
		dist[e] = float32(500 + 200*rng.Float64()) // large: would underflow exp unshifted
	}
	for _, perp := range []float64{2, 10, 30} {
		p := make([]float64, len(dist))
		conditionalRow(dist, perp, p)
		var sum, h float64
		for _, v := range p {
			sum += v
			if v > 0 {
				h -= v * math.Log(v)
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("perplexity %g: probabilities sum to %g", perp, sum)
		}
		if got := math.Exp(h); math.Abs(got-perp) > 1e-3*perp {
			t.Errorf("perplexity %g: got exp(entropy) = %g", perp, got)
		}
	}
}

func TestSparseAffinitiesSymmetricAndNormalised(t *testing.T) {
	x, _ := gaussianClusters(3, 20, 5, 4, 7)
	n, k := 60, 10
	nb, err := NearestNeighbors(x, n, 5, k, 2)
	if err != nil {
		t.Fatal(err)
	}
	p := sparseAffinities(nb, k, 3, 2)
	at := func(i, j int) float64 {
		for e := p.rowPtr[i]; e < p.rowPtr[i+1]; e++ {
			if int(p.col[e]) == j {
				return p.val[e]
			}
		}
		return 0
	}
	var sum float64
	for i := range n {
		for e := p.rowPtr[i]; e < p.rowPtr[i+1]; e++ {
			j := int(p.col[e])
			if e > p.rowPtr[i] && p.col[e-1] >= p.col[e] {
				t.Fatalf("row %d columns not strictly increasing", i)
			}
			if j == i || !(p.val[e] > 0) {
				t.Fatalf("bad entry (%d,%d) = %g", i, j, p.val[e])
			}
			if p.val[e] != at(j, i) {
				t.Fatalf("P(%d,%d)=%g but P(%d,%d)=%g", i, j, p.val[e], j, i, at(j, i))
			}
			sum += p.val[e]
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("P sums to %g, want 1", sum)
	}
}

func TestDenseAffinitiesSymmetricAndNormalised(t *testing.T) {
	x, _ := gaussianClusters(2, 10, 4, 3, 8)
	n := 20
	p := denseAffinities(x, n, 4, 5, 2)
	var sum float64
	for i := range n {
		if p[i*n+i] != 0 {
			t.Fatalf("P(%d,%d) = %g, want 0", i, i, p[i*n+i])
		}
		for j := range n {
			if p[i*n+j] != p[j*n+i] {
				t.Fatalf("P not symmetric at (%d,%d)", i, j)
			}
			sum += p[i*n+j]
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("P sums to %g, want 1", sum)
	}
}
