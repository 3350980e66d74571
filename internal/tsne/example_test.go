package tsne_test

import (
	"fmt"

	"github.com/bertvec/bertvec/internal/tsne"
)

func ExampleFitPCA() {
	// Points along the direction (3, 4)/5, plus a constant offset.
	var x []float32
	for i := range 5 {
		t := float32(i)
		x = append(x, 1+3*t, 2+4*t)
	}
	pca, err := tsne.FitPCA(x, 5, 2, 1, 0, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("component %.3f, variance %.2f\n", pca.Components, pca.Variance[0])
	// Output: component [0.600 0.800], variance 62.50
}

func ExampleEmbed() {
	// Two groups of ten points in 5-D, far apart.
	var x []float32
	for i := range 20 {
		base := float32(0)
		if i >= 10 {
			base = 50
		}
		for j := range 5 {
			x = append(x, base+float32((i*7+j*3)%5))
		}
	}
	res, err := tsne.Embed(x, 20, 5, tsne.Options{Perplexity: 5, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The two groups end up on two sides of the map.
	nb, _ := tsne.NearestNeighbors(toFloat32(res.Y), 20, 2, 1, 1)
	same := 0
	for i := range 20 {
		j, _ := nb.Of(i)
		if (i < 10) == (j[0] < 10) {
			same++
		}
	}
	fmt.Printf("%d of 20 points have a nearest map neighbour from their own group\n", same)
	// Output: 20 of 20 points have a nearest map neighbour from their own group
}

func toFloat32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, f := range v {
		out[i] = float32(f)
	}
	return out
}
