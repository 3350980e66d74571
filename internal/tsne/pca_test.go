package tsne

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Data built along known orthonormal axes with known variances: PCA must
// find those axes, in order, and their variances.
func TestFitPCAKnownAxes(t *testing.T) {
	const n, d = 4000, 40
	sd := []float64{6, 3, 1.5} // then isotropic noise of 0.1
	rng := rand.New(rand.NewPCG(11, 12))
	axes := make([]float64, len(sd)*d)
	for e := range axes {
		axes[e] = rng.NormFloat64()
	}
	orthonormalize(axes, len(sd), d, rng)
	offset := 7.0
	x := make([]float32, n*d)
	for i := range n {
		row := make([]float64, d)
		for j := range row {
			row[j] = offset + 0.1*rng.NormFloat64()
		}
		for c, s := range sd {
			axpy(row, s*rng.NormFloat64(), axes[c*d:(c+1)*d])
		}
		for j, v := range row {
			x[i*d+j] = float32(v)
		}
	}
	for _, seed := range []uint64{0, 1} {
		pca, err := FitPCA(x, n, d, 3, seed, 2)
		if err != nil {
			t.Fatal(err)
		}
		for c, s := range sd {
			comp := pca.Components[c*d : (c+1)*d]
			if cos := math.Abs(dot(comp, axes[c*d:(c+1)*d])); cos < 0.999 {
				t.Errorf("seed %d component %d: |cos| to the true axis %.5f", seed, c, cos)
			}
			want := s*s + 0.01
			if got := pca.Variance[c]; math.Abs(got-want) > 0.06*want {
				t.Errorf("seed %d component %d: variance %.3f, want ≈ %.3f", seed, c, got, want)
			}
			if norm := math.Sqrt(dot(comp, comp)); math.Abs(norm-1) > 1e-9 {
				t.Errorf("component %d has norm %g", c, norm)
			}
		}
		if math.Abs(pca.Mean[0]-offset) > 0.5 {
			t.Errorf("mean[0] = %g, want ≈ %g", pca.Mean[0], offset)
		}
		if pca.Iterations >= pcaMaxIter {
			t.Errorf("did not converge in %d iterations", pca.Iterations)
		}
	}
	a, _ := FitPCA(x, n, d, 2, 0, 1)
	b, _ := FitPCA(x, n, d, 2, 99, 2)
	for e := range a.Components {
		if math.Abs(a.Components[e]-b.Components[e]) > 1e-6 {
			t.Fatalf("components depend on the seed: entry %d %g vs %g", e, a.Components[e], b.Components[e])
		}
	}
}

func TestPCATransformCentres(t *testing.T) {
	x, _ := gaussianClusters(4, 25, 6, 3, 2)
	pca, err := FitPCA(x, 100, 6, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	y := pca.Transform(x, 100)
	for c := range 2 {
		var mean, ss float64
		for i := range 100 {
			mean += y[i*2+c]
		}
		mean /= 100
		for i := range 100 {
			ss += (y[i*2+c] - mean) * (y[i*2+c] - mean)
		}
		if math.Abs(mean) > 1e-9 {
			t.Errorf("column %d mean %g, want 0", c, mean)
		}
		if v := ss / 99; math.Abs(v-pca.Variance[c]) > 1e-6*v {
			t.Errorf("column %d variance %g, PCA says %g", c, v, pca.Variance[c])
		}
	}
}

// Rank-deficient input (fewer rows than oversampled vectors) must still work.
func TestFitPCALowRank(t *testing.T) {
	x := []float32{1, 2, 3, 4, 2, 4, 6, 8, 3, 6, 9, 12} // three collinear rows
	pca, err := FitPCA(x, 3, 4, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := 1 / math.Sqrt(30)
	for j, v := range pca.Components[:4] {
		if math.Abs(v-float64(j+1)*want) > 1e-9 {
			t.Fatalf("component 0 = %v, want (1,2,3,4)/√30", pca.Components[:4])
		}
	}
	if pca.Variance[1] > 1e-9 {
		t.Errorf("second variance %g, want 0", pca.Variance[1])
	}
}

func TestJacobiEigen(t *testing.T) {
	a := []float64{4, 1, 2, 1, 3, 0, 2, 0, 1}
	orig := append([]float64(nil), a...)
	vals, vecs := jacobiEigen(a, 3)
	for c := range 3 {
		for r := range 3 {
			var av float64
			for k := range 3 {
				av += orig[r*3+k] * vecs[k*3+c]
			}
			if math.Abs(av-vals[c]*vecs[r*3+c]) > 1e-12 {
				t.Fatalf("A·v ≠ λ·v for eigenpair %d", c)
			}
		}
	}
	if !(vals[0] >= vals[1] && vals[1] >= vals[2]) {
		t.Errorf("eigenvalues not decreasing: %v", vals)
	}
	if tr := vals[0] + vals[1] + vals[2]; math.Abs(tr-8) > 1e-12 {
		t.Errorf("trace %g, want 8", tr)
	}
}
