package tsne

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// sameCluster is the fraction of each point's k nearest layout neighbours
// that share its cluster.
func sameCluster(t *testing.T, y []float64, labels []int, k int) float64 {
	t.Helper()
	yl := make([]float32, len(y))
	for e, v := range y {
		yl[e] = float32(v)
	}
	nb, err := NearestNeighbors(yl, len(labels), 2, k, 0)
	if err != nil {
		t.Fatal(err)
	}
	var same int
	for i := range labels {
		idx, _ := nb.Of(i)
		for _, j := range idx {
			if labels[j] == labels[i] {
				same++
			}
		}
	}
	return float64(same) / float64(len(labels)*k)
}

// Ten well-separated Gaussian clusters of 50 points in 100 dimensions.
//
// Thresholds: inside one isotropic cluster in 100-D all distances are
// nearly equal, so a layout that only keeps each cluster together, with
// its points in random order, already scores T(10) ≈ 0.97, and a random
// layout ≈ 0.5. The test builds that cluster-only layout and PCA's as
// baselines (so the numbers are computed, not assumed) and asks t-SNE to
// beat both: it must keep the clusters and also some of the order inside
// them. ≥ 99% of layout neighbours in the same cluster demands that no
// cluster is split or merged.
func TestEmbedKeepsClusters(t *testing.T) {
	const clusters, per, d, k = 10, 50, 100, 10
	x, labels := gaussianClusters(clusters, per, d, 3, 42)
	n := clusters * per
	clusterOnly, err := Trustworthiness(x, n, d, clusterOnlyLayout(labels), 2, k)
	if err != nil {
		t.Fatal(err)
	}
	pca, err := FitPCA(x, n, d, 2, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	pcaT, _ := Trustworthiness(x, n, d, pca.Transform(x, n), 2, k)
	t.Logf("baselines: clusters only %.4f, PCA %.4f", clusterOnly, pcaT)
	for _, m := range []Algorithm{BarnesHut, Exact} {
		res, err := Embed(x, n, d, Options{Algorithm: m, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		tw, err := Trustworthiness(x, n, d, res.Y, 2, k)
		if err != nil {
			t.Fatal(err)
		}
		pres, _ := NeighborPreservation(x, n, d, res.Y, 2, k)
		same := sameCluster(t, res.Y, labels, k)
		t.Logf("%v: trustworthiness %.4f, 10-NN preservation %.3f, same-cluster %.4f, KL %.3f", m, tw, pres, same, res.KL)
		if tw <= max(clusterOnly, pcaT) {
			t.Errorf("%v: trustworthiness %.4f does not beat the baselines (%.4f, %.4f)", m, tw, clusterOnly, pcaT)
		}
		if same < 0.99 {
			t.Errorf("%v: only %.4f of layout neighbours share a cluster", m, same)
		}
		if !(res.KL > 0) || res.KL > 2 {
			t.Errorf("%v: KL %.3f outside (0, 2]", m, res.KL)
		}
	}
}

// clusterOnlyLayout puts each cluster in its own far-apart blob, its points
// in random order.
func clusterOnlyLayout(labels []int) []float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	y := make([]float64, 2*len(labels))
	for i, l := range labels {
		y[2*i] = float64(l)*100 + rng.NormFloat64()
		y[2*i+1] = rng.NormFloat64()
	}
	return y
}

func TestEmbedDeterministic(t *testing.T) {
	x, _ := gaussianClusters(5, 30, 20, 3, 7)
	n := 150
	run := func(seed uint64, workers int, init Init) []float64 {
		res, err := Embed(x, n, 20, Options{Perplexity: 10, Iterations: 300, Seed: seed, Workers: workers, Init: init})
		if err != nil {
			t.Fatal(err)
		}
		return res.Y
	}
	for _, init := range []Init{InitPCA, InitRandom} {
		a := run(3, 1, init)
		if b := run(3, 4, init); !sameBits(a, b) {
			t.Errorf("%v: same seed, 1 vs 4 workers: layouts differ", init)
		}
		if b := run(3, 2, init); !sameBits(a, b) {
			t.Errorf("%v: same seed twice: layouts differ", init)
		}
		if b := run(4, 2, init); sameBits(a, b) {
			t.Errorf("%v: seeds 3 and 4 gave the same layout", init)
		}
	}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for e := range a {
		if math.Float64bits(a[e]) != math.Float64bits(b[e]) {
			return false
		}
	}
	return true
}

func TestEmbedProgress(t *testing.T) {
	x, _ := gaussianClusters(2, 10, 3, 3, 1)
	var calls, last int
	_, err := Embed(x, 20, 3, Options{Perplexity: 5, Iterations: 40, Progress: func(done, total int) {
		calls++
		if done != last+1 || total != 40 {
			t.Fatalf("progress(%d, %d) after %d", done, total, last)
		}
		last = done
	}})
	if err != nil || calls != 40 {
		t.Errorf("got %d progress calls, err %v; want 40", calls, err)
	}
}

func TestEmbedBadInput(t *testing.T) {
	x, _ := gaussianClusters(2, 5, 3, 3, 1)
	nan := append([]float32(nil), x...)
	nan[4] = float32(math.NaN())
	for _, tc := range []struct {
		name string
		x    []float32
		n    int
		opt  Options
		want error
		msg  string
	}{
		{"perplexity equal to n", x, 10, Options{Perplexity: 10}, ErrPerplexity, "perplexity 10 must be below the number of points (10)"},
		{"default perplexity, few points", x, 10, Options{}, ErrPerplexity, "perplexity 30 must be below the number of points (10)"},
		{"negative perplexity", x, 10, Options{Perplexity: -1}, ErrPerplexity, "must be positive"},
		{"NaN", nan, 10, Options{Perplexity: 3}, ErrInput, "row 1"},
		{"wrong length", x[:29], 10, Options{Perplexity: 3}, ErrInput, "29 values"},
		{"exact too large", make([]float32, 3*(MaxExactPoints+1)), MaxExactPoints + 1, Options{Algorithm: Exact}, ErrInput, "use Barnes-Hut"},
	} {
		_, err := Embed(tc.x, tc.n, 3, tc.opt)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v mentioning %q", tc.name, err, tc.want, tc.msg)
		}
	}
}

// Identical rows must not stay glued together (the PCA start is jittered).
func TestEmbedSeparatesDuplicates(t *testing.T) {
	x, _ := gaussianClusters(3, 20, 8, 3, 5)
	copy(x[8:16], x[0:8]) // row 1 = row 0
	res, err := Embed(x, 60, 8, Options{Perplexity: 10, Iterations: 300})
	if err != nil {
		t.Fatal(err)
	}
	if res.Y[0] == res.Y[2] && res.Y[1] == res.Y[3] {
		t.Error("duplicate rows ended on the same spot")
	}
}

func TestParseMethodAndInit(t *testing.T) {
	for s, want := range map[string]Algorithm{"bh": BarnesHut, "Barnes-Hut": BarnesHut, "exact": Exact} {
		if got, err := ParseAlgorithm(s); err != nil || got != want {
			t.Errorf("ParseAlgorithm(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseAlgorithm("umap"); !errors.Is(err, ErrInput) {
		t.Errorf("ParseAlgorithm(umap): %v", err)
	}
	if got, err := ParseInit("random"); err != nil || got != InitRandom {
		t.Errorf("ParseInit(random) = %v, %v", got, err)
	}
	if _, err := ParseInit("spectral"); !errors.Is(err, ErrInput) {
		t.Errorf("ParseInit(spectral): %v", err)
	}
}
