// Package tsne lays high-dimensional vectors out in two dimensions: t-SNE
// (van der Maaten & Hinton 2008) and PCA, in pure Go, for the map command.
//
// # Conventions
//
// Input is always a row-major []float32 matrix with its row count n and
// width d; layouts come back as row-major n×2 []float64. The package knows
// nothing of files or vocabularies.
//
// t-SNE follows sklearn.manifold.TSNE and openTSNE's defaults: perplexity
// 30 found by bisection per point on squared Euclidean distances, early
// exaggeration 12 for the first 250 of 1,000 iterations at momentum 0.5,
// then momentum 0.8, delta-bar-delta gains (min 0.01), learning rate
// max(n/12/4, 50) on the gradient that includes the factor 4, and a start
// from the first two principal components scaled to standard deviation
// 1e-4. Perplexity must be below the number of points, as sklearn requires.
//
// # Barnes-Hut, not exact, by measurement
//
// On the target size, 3,000 points of dimension 768 on this project's
// 2-core machine, BenchmarkGradient3000 measured one iteration at 8 ms
// with Barnes-Hut (theta 0.5; affinities over 3·perplexity neighbours)
// against 55 ms exact (21 ms against 103 ms while other builds loaded the
// machine): 8 s against 55 s for 1,000 iterations, before exact's
// perplexity bisection over all n−1 distances per point and its two dense
// n×n matrices (144 MB). Both reach the same quality on the test clusters
// (trustworthiness 0.984 each), so BarnesHut is the default; Exact stays
// as an option and a reference, refused above MaxExactPoints.
//
// # Determinism
//
// The same input and Options give the same layout bit for bit, whatever
// Workers is and however goroutines are scheduled: work is split into
// fixed chunks of 64 rows, each chunk writes only its own rows or its own
// partial sum, and partial sums (the normaliser Z, PCA's products) are
// added in chunk order. Randomness comes only from math/rand/v2 PCG
// sources seeded by Options.Seed; no map is iterated. Neighbour ties are
// broken by index. The seed matters even with the PCA start: a seeded
// jitter of 1% of the start's scale is added, which also separates
// identical rows that would otherwise start, and stay, on one spot.
//
// # PCA
//
// FitPCA uses randomized subspace iteration on the centred data (two
// passes over X per iteration, never the d×d covariance), with 8 extra
// vectors and a Rayleigh-Ritz step (Jacobi on the small matrix); it stops
// when the leading eigenvalues change by less than 1e-7 relatively.
// Component signs follow sklearn's svd_flip convention, so the result does
// not depend on the seed.
package tsne
