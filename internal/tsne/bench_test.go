package tsne

import (
	"fmt"
	"testing"
)

// benchData is 3,000 points in 768 dimensions (BERT-base's width): 30
// overlapping clusters, so neighbour search cannot prune easily.
func benchData() ([]float32, int, int) {
	x, _ := gaussianClusters(30, 100, 768, 0.5, 1)
	return x, 3000, 768
}

// BenchmarkEmbed3000x768 is the whole t-SNE of the map command's default
// size: neighbour search, affinities, PCA start and 1,000 iterations.
func BenchmarkEmbed3000x768(b *testing.B) {
	for _, m := range []Algorithm{BarnesHut, Exact} {
		b.Run(m.String(), func(b *testing.B) {
			x, n, d := benchData()
			for b.Loop() {
				if _, err := Embed(x, n, d, Options{Algorithm: m}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNearestNeighbors3000x768(b *testing.B) {
	x, n, d := benchData()
	for b.Loop() {
		if _, err := NearestNeighbors(x, n, d, 91, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitPCA3000x768(b *testing.B) {
	x, n, d := benchData()
	for b.Loop() {
		if _, err := FitPCA(x, n, d, 2, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGradient3000 is one optimisation step of each method on a
// spread-out layout, the per-iteration cost behind the choice in doc.go.
func BenchmarkGradient3000(b *testing.B) {
	x, n, d := benchData()
	res, err := Embed(x, n, d, Options{Iterations: 300})
	if err != nil {
		b.Fatal(err)
	}
	nb, _ := NearestNeighbors(x, n, d, 91, 0)
	grads := map[string]gradient{
		"barnes-hut": newBHGradient(sparseAffinities(nb, 91, 30, 0), n, 0.5, 0),
		"exact":      newExactGradient(denseAffinities(x, n, d, 30, 0), n, 0),
	}
	for _, name := range []string{"barnes-hut", "exact"} {
		b.Run(fmt.Sprint(name), func(b *testing.B) {
			grad := make([]float64, 2*n)
			for b.Loop() {
				grads[name].compute(res.Y, grad, 1)
			}
		})
	}
}
