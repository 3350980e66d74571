package tsne

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// PCA is a fitted principal component analysis.
type PCA struct {
	D          int
	Mean       []float64 // length D
	Components []float64 // K×D row-major, orthonormal, by decreasing variance
	Variance   []float64 // the K largest eigenvalues of the covariance (÷ n−1)
	Iterations int       // subspace iterations until convergence
}

// pcaOversample extra vectors speed up subspace iteration: the error falls
// like (λ_{k+p+1}/λ_k)^iterations instead of (λ_{k+1}/λ_k)^iterations.
const (
	pcaOversample = 8
	pcaMaxIter    = 300
	pcaTol        = 1e-7 // relative change of the k leading eigenvalues between iterations
)

// FitPCA finds the k leading principal components of the rows of the
// row-major n×d matrix x by randomized subspace iteration on the centred
// data (never forming the d×d covariance). seed picks the starting
// subspace; any seed gives the same components to within the convergence
// tolerance (see converged), with each sign fixed so that the
// largest-magnitude entry is positive. The same seed gives the same bits.
func FitPCA(x []float32, n, d, k int, seed uint64, workers int) (*PCA, error) {
	if err := checkMatrix(x, n, d); err != nil {
		return nil, err
	}
	if k < 1 || k > d {
		return nil, fmt.Errorf("%w: %d components of %d dimensions", ErrInput, k, d)
	}
	p := min(d, k+pcaOversample)
	xc, mean := centre(x, n, d)
	rng := rand.New(rand.NewPCG(seed, 0x5043415f73656564)) // "PCA_seed"
	q := make([]float64, p*d)                              // basis, one vector per row
	for e := range q {
		q[e] = rng.NormFloat64()
	}
	orthonormalize(q, p, d, rng)
	z := make([]float64, n*p)
	var vals, vecs, prev []float64
	iter := 0
	for iter = 1; iter <= pcaMaxIter; iter++ {
		project(xc, n, d, q, p, z, workers) // z = Xc·Qᵀ
		vals, vecs = ritz(z, n, p, q, d)
		if prev != nil && converged(vals, prev, k) {
			break
		}
		prev = vals
		backProject(xc, n, d, z, p, q, workers) // q = Zᵀ·Xc
		orthonormalize(q, p, d, rng)
	}
	res := &PCA{D: d, Mean: mean, Components: vecs[:k*d], Variance: make([]float64, k), Iterations: min(iter, pcaMaxIter)}
	for c := range k {
		res.Variance[c] = vals[c] / float64(max(n-1, 1))
		fixSign(res.Components[c*d : (c+1)*d])
	}
	return res, nil
}

// Transform projects the rows of x (n×D) onto the components: n×K.
func (m *PCA) Transform(x []float32, n int) []float64 {
	k := len(m.Variance)
	out := make([]float64, n*k)
	for i := range n {
		row := x[i*m.D : (i+1)*m.D]
		for c := range k {
			comp := m.Components[c*m.D : (c+1)*m.D]
			var s float64
			for j, v := range row {
				s += (float64(v) - m.Mean[j]) * comp[j]
			}
			out[i*k+c] = s
		}
	}
	return out
}

func centre(x []float32, n, d int) (xc, mean []float64) {
	mean = make([]float64, d)
	for i := range n {
		for j, v := range x[i*d : (i+1)*d] {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	xc = make([]float64, n*d)
	for i := range n {
		for j, v := range x[i*d : (i+1)*d] {
			xc[i*d+j] = float64(v) - mean[j]
		}
	}
	return xc, mean
}

// project sets z (n×p) = xc (n×d) · qᵀ (q is p×d).
func project(xc []float64, n, d int, q []float64, p int, z []float64, workers int) {
	forChunks(n, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := xc[i*d : (i+1)*d]
			for c := range p {
				z[i*p+c] = dot(row, q[c*d:(c+1)*d])
			}
		}
	})
}

// backProject sets q (p×d) = zᵀ (p×n) · xc (n×d), summing per chunk of
// rows and then over chunks in order.
func backProject(xc []float64, n, d int, z []float64, p int, q []float64, workers int) {
	parts := make([][]float64, numChunks(n))
	forChunks(n, workers, func(ch, lo, hi int) {
		part := make([]float64, p*d)
		for i := lo; i < hi; i++ {
			row := xc[i*d : (i+1)*d]
			for c := range p {
				axpy(part[c*d:(c+1)*d], z[i*p+c], row)
			}
		}
		parts[ch] = part
	})
	clear(q)
	for _, part := range parts {
		for e, v := range part {
			q[e] += v
		}
	}
}

// ritz solves the small eigenproblem of T = zᵀz (the covariance restricted
// to span(q)) and returns its eigenvalues, decreasing, with the matching
// vectors rotated back to d dimensions (p×d).
func ritz(z []float64, n, p int, q []float64, d int) (vals, vecs []float64) {
	t := make([]float64, p*p)
	for i := range n {
		row := z[i*p : (i+1)*p]
		for a := range p {
			for b := a; b < p; b++ {
				t[a*p+b] += row[a] * row[b]
			}
		}
	}
	for a := range p {
		for b := range a {
			t[a*p+b] = t[b*p+a]
		}
	}
	vals, u := jacobiEigen(t, p)
	vecs = make([]float64, p*d)
	for c := range p {
		v := vecs[c*d : (c+1)*d]
		for a := range p {
			axpy(v, u[a*p+c], q[a*d:(a+1)*d])
		}
	}
	return vals, vecs
}

// converged reports whether the k leading Ritz values stopped moving.
// Values, not vectors, are compared: with two (nearly) equal eigenvalues
// the vectors keep turning inside their shared plane, and any of them is a
// valid answer. A value's error is about the square of its vector's, so
// 1e-7 here means vectors to about 3e-4 radians: plenty for a picture.
func converged(vals, prev []float64, k int) bool {
	for c := range k {
		if math.Abs(vals[c]-prev[c]) > pcaTol*math.Abs(vals[0]) {
			return false
		}
	}
	return true
}

// orthonormalize makes the p rows of q (p×d) orthonormal by modified
// Gram-Schmidt, twice for stability; a row that vanishes (q had lower rank)
// is replaced by fresh noise.
func orthonormalize(q []float64, p, d int, rng *rand.Rand) {
	for c := 0; c < p; c++ {
		v := q[c*d : (c+1)*d]
		for range 2 {
			for a := range c {
				u := q[a*d : (a+1)*d]
				axpy(v, -dot(v, u), u)
			}
		}
		norm := math.Sqrt(dot(v, v))
		if norm < 1e-12 {
			for e := range v {
				v[e] = rng.NormFloat64()
			}
			c-- // redo this row
			continue
		}
		for e := range v {
			v[e] /= norm
		}
	}
}

// fixSign flips v so that its largest-magnitude entry is positive, the
// convention of sklearn's svd_flip, making components seed-independent.
func fixSign(v []float64) {
	best := 0
	for e := range v {
		if math.Abs(v[e]) > math.Abs(v[best]) {
			best = e
		}
	}
	if v[best] < 0 {
		for e := range v {
			v[e] = -v[e]
		}
	}
}

// jacobiEigen diagonalises the symmetric p×p matrix a (destroyed) by
// cyclic Jacobi rotations. It returns eigenvalues in decreasing order and
// the eigenvectors as the columns of a p×p matrix in the same order.
func jacobiEigen(a []float64, p int) (vals, vecs []float64) {
	v := make([]float64, p*p)
	for i := range p {
		v[i*p+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off float64
		for i := range p {
			for j := i + 1; j < p; j++ {
				off += a[i*p+j] * a[i*p+j]
			}
		}
		if off < 1e-30 {
			break
		}
		for i := range p {
			for j := i + 1; j < p; j++ {
				rotate(a, v, p, i, j)
			}
		}
	}
	order := make([]int, p)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		switch {
		case a[x*p+x] > a[y*p+y]:
			return -1
		case a[x*p+x] < a[y*p+y]:
			return 1
		}
		return 0
	})
	vals = make([]float64, p)
	vecs = make([]float64, p*p)
	for c, o := range order {
		vals[c] = a[o*p+o]
		for r := range p {
			vecs[r*p+c] = v[r*p+o]
		}
	}
	return vals, vecs
}

// rotate applies the Jacobi rotation that zeroes a[i][j].
func rotate(a, v []float64, p, i, j int) {
	aij := a[i*p+j]
	if aij == 0 {
		return
	}
	theta := (a[j*p+j] - a[i*p+i]) / (2 * aij)
	t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
	c := 1 / math.Sqrt(t*t+1)
	s := t * c
	for k := range p {
		aki, akj := a[k*p+i], a[k*p+j]
		a[k*p+i], a[k*p+j] = c*aki-s*akj, s*aki+c*akj
	}
	for k := range p {
		aik, ajk := a[i*p+k], a[j*p+k]
		a[i*p+k], a[j*p+k] = c*aik-s*ajk, s*aik+c*ajk
	}
	for k := range p {
		vki, vkj := v[k*p+i], v[k*p+j]
		v[k*p+i], v[k*p+j] = c*vki-s*vkj, s*vki+c*vkj
	}
}

func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1 float64
	i := 0
	for ; i+2 <= len(a); i += 2 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
	}
	if i < len(a) {
		s0 += a[i] * b[i]
	}
	return s0 + s1
}

func axpy(dst []float64, alpha float64, x []float64) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] += alpha * x[i]
	}
}
