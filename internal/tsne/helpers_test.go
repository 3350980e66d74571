package tsne

import "math/rand/v2"

// gaussianClusters returns `clusters` groups of `per` points in d
// dimensions: centres drawn with standard deviation spread, points around
// them with standard deviation 1. labels[i] is i's cluster.
func gaussianClusters(clusters, per, d int, spread float64, seed uint64) (x []float32, labels []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	centres := make([]float64, clusters*d)
	for e := range centres {
		centres[e] = rng.NormFloat64() * spread
	}
	x = make([]float32, 0, clusters*per*d)
	for c := range clusters {
		for range per {
			for j := range d {
				x = append(x, float32(centres[c*d+j]+rng.NormFloat64()))
			}
			labels = append(labels, c)
		}
	}
	return x, labels
}
