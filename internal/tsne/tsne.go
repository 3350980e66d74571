package tsne

import (
	"math"
	"math/rand/v2"
)

// Result is a finished embedding.
type Result struct {
	Y          []float64 // n×2 row-major layout, centred on the origin
	KL         float64   // KL(P‖Q) of the final layout, without exaggeration
	Neighbors  int       // neighbours per point in P (n−1 for Exact)
	Iterations int
}

// initScale is the standard deviation of the starting layout (sklearn and
// openTSNE); jitterScale, relative to it, is the seeded noise added to a
// PCA start.
const (
	initScale   = 1e-4
	jitterScale = 1e-2
)

// Embed lays the rows of the row-major n×d matrix x out in two dimensions
// with t-SNE. The result depends only on x and opt (Workers excluded).
func Embed(x []float32, n, d int, opt Options) (*Result, error) {
	if err := checkMatrix(x, n, d); err != nil {
		return nil, err
	}
	o, err := opt.withDefaults(n)
	if err != nil {
		return nil, err
	}
	g, k, err := newGradient(x, n, d, o)
	if err != nil {
		return nil, err
	}
	y, err := initLayout(x, n, d, o)
	if err != nil {
		return nil, err
	}
	optimize(g, y, o)
	centreLayout(y)
	return &Result{Y: y, KL: g.kl(y), Neighbors: k, Iterations: o.Iterations}, nil
}

// newGradient computes P for the chosen method.
func newGradient(x []float32, n, d int, o Options) (gradient, int, error) {
	if o.Algorithm == Exact {
		return newExactGradient(denseAffinities(x, n, d, o.Perplexity, o.Workers), n, o.Workers), n - 1, nil
	}
	k := neighbourCount(o.Perplexity, n)
	nb := o.Neighbors
	if nb == nil || nb.N != n || nb.K < k {
		var err error
		if nb, err = NearestNeighbors(x, n, d, k, o.Workers); err != nil {
			return nil, 0, err
		}
	}
	return newBHGradient(sparseAffinities(nb, k, o.Perplexity, o.Workers), n, o.Theta, o.Workers), k, nil
}

// initLayout returns the n×2 starting layout.
func initLayout(x []float32, n, d int, o Options) ([]float64, error) {
	rng := rand.New(rand.NewPCG(o.Seed, 0x74534e455f696e69)) // "tSNE_ini"
	y := make([]float64, 2*n)
	if o.Init == InitPCA && d >= 2 && n >= 2 {
		pca, err := FitPCA(x, n, d, 2, o.Seed, o.Workers)
		if err != nil {
			return nil, err
		}
		y = pca.Transform(x, n)
		if sd := columnStd(y, 0); sd > 0 {
			// Seeded jitter separates identical rows, which would
			// otherwise start, and stay, on the same spot.
			for e := range y {
				y[e] = y[e]/sd*initScale + rng.NormFloat64()*initScale*jitterScale
			}
			return y, nil
		}
	}
	for e := range y {
		y[e] = rng.NormFloat64() * initScale
	}
	return y, nil
}

// optimize runs gradient descent with momentum and per-coordinate gains
// (delta-bar-delta), as sklearn's _gradient_descent: an early-exaggeration
// phase at momentum 0.5, then the rest at 0.8, with gains and velocity
// reset between the two.
func optimize(g gradient, y []float64, o Options) {
	grad := make([]float64, len(y))
	update := make([]float64, len(y))
	gains := make([]float64, len(y))
	for it := range o.Iterations {
		exag, momentum := o.Exaggeration, 0.5
		if it >= o.ExaggerationIters {
			exag, momentum = 1, 0.8
		}
		if it == 0 || it == o.ExaggerationIters {
			clear(update)
			for e := range gains {
				gains[e] = 1
			}
		}
		g.compute(y, grad, exag)
		for e, gr := range grad {
			if update[e]*gr < 0 {
				gains[e] += 0.2
			} else {
				gains[e] = math.Max(gains[e]*0.8, 0.01)
			}
			update[e] = momentum*update[e] - o.LearningRate*gains[e]*gr
			y[e] += update[e]
		}
		if o.Progress != nil {
			o.Progress(it+1, o.Iterations)
		}
	}
}

func columnStd(y []float64, col int) float64 {
	n := len(y) / 2
	var mean, ss float64
	for i := range n {
		mean += y[2*i+col]
	}
	mean /= float64(n)
	for i := range n {
		dv := y[2*i+col] - mean
		ss += dv * dv
	}
	return math.Sqrt(ss / float64(n))
}

func centreLayout(y []float64) {
	n := len(y) / 2
	var mx, my float64
	for i := range n {
		mx += y[2*i]
		my += y[2*i+1]
	}
	mx /= float64(n)
	my /= float64(n)
	for i := range n {
		y[2*i] -= mx
		y[2*i+1] -= my
	}
}
