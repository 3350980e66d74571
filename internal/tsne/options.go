package tsne

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

var (
	// ErrInput reports a matrix or parameter that cannot be embedded.
	ErrInput = errors.New("tsne: bad input")
	// ErrPerplexity reports a perplexity that is not positive or not below
	// the number of points.
	ErrPerplexity = errors.New("tsne: bad perplexity")
)

// Algorithm selects how the repulsive forces are computed.
type Algorithm int

const (
	// BarnesHut approximates repulsion with a quadtree (O(n log n) per
	// iteration) and uses sparse affinities over 3·perplexity neighbours.
	BarnesHut Algorithm = iota
	// Exact computes every pair (O(n²) per iteration and memory).
	Exact
)

// ParseAlgorithm reads "barnes-hut" (also "bh") or "exact".
func ParseAlgorithm(s string) (Algorithm, error) {
	switch strings.ToLower(s) {
	case "barnes-hut", "barneshut", "bh":
		return BarnesHut, nil
	case "exact":
		return Exact, nil
	}
	return 0, fmt.Errorf("%w: unknown t-SNE method %q (want barnes-hut or exact)", ErrInput, s)
}

func (m Algorithm) String() string {
	if m == Exact {
		return "exact"
	}
	return "barnes-hut"
}

// Init selects the starting layout.
type Init int

const (
	// InitPCA starts from the first two principal components scaled to a
	// standard deviation of 1e-4, plus seeded jitter (see doc.go).
	InitPCA Init = iota
	// InitRandom starts from seeded Gaussian noise of standard deviation 1e-4.
	InitRandom
)

// ParseInit reads "pca" or "random".
func ParseInit(s string) (Init, error) {
	switch strings.ToLower(s) {
	case "pca":
		return InitPCA, nil
	case "random":
		return InitRandom, nil
	}
	return 0, fmt.Errorf("%w: unknown initialisation %q (want pca or random)", ErrInput, s)
}

func (i Init) String() string {
	if i == InitRandom {
		return "random"
	}
	return "pca"
}

// Options tunes Embed. The zero value of every field means its default, so
// Options{} is the standard t-SNE of sklearn and openTSNE.
type Options struct {
	Perplexity        float64   // default 30; must be below the number of points
	Iterations        int       // total, exaggeration phase included; default 1000
	ExaggerationIters int       // default 250, at momentum 0.5; the rest run at 0.8
	Exaggeration      float64   // early exaggeration; default 12
	LearningRate      float64   // default max(n/Exaggeration/4, 50), sklearn's "auto"
	Theta             float64   // Barnes-Hut opening angle; default 0.5
	Algorithm         Algorithm // default BarnesHut
	Init              Init      // default InitPCA
	Seed              uint64    // seeds the initial layout
	Workers           int       // goroutines; ≤ 0 uses every CPU. Never changes the result.

	// Neighbors, when set, are reused for the Barnes-Hut affinities instead
	// of being searched again; they must hold at least 3·perplexity
	// neighbours (or n−1).
	Neighbors *Neighbors

	// Progress, when set, is called after each iteration with the number
	// done and the total.
	Progress func(done, total int)
}

// withDefaults fills zero fields and checks the rest against n points.
func (o Options) withDefaults(n int) (Options, error) {
	if o.Perplexity == 0 {
		o.Perplexity = 30
	}
	if o.Iterations == 0 {
		o.Iterations = 1000
	}
	if o.ExaggerationIters == 0 {
		o.ExaggerationIters = 250
	}
	if o.Exaggeration == 0 {
		o.Exaggeration = 12
	}
	if o.LearningRate == 0 {
		o.LearningRate = math.Max(float64(n)/o.Exaggeration/4, 50)
	}
	if o.Theta == 0 {
		o.Theta = 0.5
	}
	switch {
	case !(o.Perplexity > 0) || math.IsInf(o.Perplexity, 0):
		return o, fmt.Errorf("%w: perplexity %g must be positive", ErrPerplexity, o.Perplexity)
	case o.Perplexity >= float64(n):
		return o, fmt.Errorf("%w: perplexity %g must be below the number of points (%d)", ErrPerplexity, o.Perplexity, n)
	case o.Iterations < 0 || o.ExaggerationIters < 0:
		return o, fmt.Errorf("%w: negative iteration count", ErrInput)
	case !(o.Exaggeration > 0) || !(o.LearningRate > 0) || !(o.Theta > 0):
		return o, fmt.Errorf("%w: exaggeration, learning rate and theta must be positive", ErrInput)
	}
	if o.Algorithm == Exact && n > MaxExactPoints {
		return o, fmt.Errorf("%w: exact t-SNE of %d points needs %d MB; use Barnes-Hut above %d points",
			ErrInput, n, 2*8*n*n>>20, MaxExactPoints)
	}
	o.ExaggerationIters = min(o.ExaggerationIters, o.Iterations)
	return o, nil
}

// MaxExactPoints bounds Exact: it holds two dense n×n float64 matrices
// (5,000 points: 400 MB).
const MaxExactPoints = 5000

// neighbourCount is how many neighbours the sparse affinities use.
func neighbourCount(perplexity float64, n int) int {
	return min(n-1, int(3*perplexity)+1)
}

// checkMatrix validates a row-major n×d matrix and that it holds only
// finite numbers.
func checkMatrix(x []float32, n, d int) error {
	if n < 1 || d < 1 {
		return fmt.Errorf("%w: %d×%d matrix", ErrInput, n, d)
	}
	if len(x) != n*d {
		return fmt.Errorf("%w: %d values for a %d×%d matrix", ErrInput, len(x), n, d)
	}
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: row %d holds %v", ErrInput, i/d, v)
		}
	}
	return nil
}
