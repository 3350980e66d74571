package tsne

import (
	"math"
	"slices"
)

// perplexityTol and perplexitySteps bound the per-point binary search, as
// in sklearn's _binary_search_perplexity.
const (
	perplexityTol   = 1e-5
	perplexitySteps = 100
)

// conditionalRow writes into p the conditional probabilities p(j|i) ∝
// exp(−β·dist2[j]) whose entropy (in nats) is log(perplexity), finding β by
// bisection. dist2 are squared distances to the candidate neighbours.
func conditionalRow(dist2 []float32, perplexity float64, p []float64) {
	// Shifting by the smallest distance leaves p unchanged and keeps
	// exp from underflowing on far-apart high-dimensional points.
	lo := float64(dist2[0])
	for _, d := range dist2 {
		lo = math.Min(lo, float64(d))
	}
	want := math.Log(perplexity)
	beta, betaMin, betaMax := 1.0, math.Inf(-1), math.Inf(1)
	for range perplexitySteps {
		var sum float64
		for j, d := range dist2 {
			p[j] = math.Exp(-(float64(d) - lo) * beta)
			sum += p[j]
		}
		var sumDP float64
		for j, d := range dist2 {
			p[j] /= sum
			sumDP += (float64(d) - lo) * p[j]
		}
		entropy := math.Log(sum) + beta*sumDP
		diff := entropy - want
		if math.Abs(diff) <= perplexityTol {
			return
		}
		if diff > 0 { // too flat: sharpen
			betaMin = beta
			if math.IsInf(betaMax, 1) {
				beta *= 2
			} else {
				beta = (beta + betaMax) / 2
			}
		} else {
			betaMax = beta
			if math.IsInf(betaMin, -1) {
				beta /= 2
			} else {
				beta = (beta + betaMin) / 2
			}
		}
	}
}

// sparseP is the symmetric joint-probability matrix P in compressed rows.
type sparseP struct {
	rowPtr []int
	col    []int32
	val    []float64
}

// sparseAffinities builds P = (P(j|i) + P(i|j)) / Σ from each point's
// nearest neighbours, as Barnes-Hut t-SNE does.
func sparseAffinities(nb *Neighbors, k int, perplexity float64, workers int) *sparseP {
	n := nb.N
	cond := make([]float64, n*k)
	forChunks(n, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			_, d := nb.Of(i)
			conditionalRow(d[:k], perplexity, cond[i*k:(i+1)*k])
		}
	})
	// Every directed edge i→j lands in row i and row j; rows are then
	// sorted by column and duplicates merged. a+b is commutative in IEEE
	// arithmetic, so the merge order cannot change a value.
	type entry struct {
		col int32
		val float64
	}
	rows := make([][]entry, n)
	for i := range n {
		idx, _ := nb.Of(i)
		for r, j := range idx[:k] {
			v := cond[i*k+r]
			rows[i] = append(rows[i], entry{j, v})
			rows[j] = append(rows[j], entry{int32(i), v})
		}
	}
	sp := &sparseP{rowPtr: make([]int, n+1)}
	var total float64
	for i, row := range rows {
		slices.SortFunc(row, func(a, b entry) int { return int(a.col) - int(b.col) })
		for e := 0; e < len(row); e++ {
			v := row[e].val
			if e+1 < len(row) && row[e+1].col == row[e].col {
				e++
				v += row[e].val
			}
			sp.col = append(sp.col, row[e].col)
			sp.val = append(sp.val, v)
			total += v
		}
		sp.rowPtr[i+1] = len(sp.col)
	}
	for e := range sp.val {
		sp.val[e] /= total
	}
	return sp
}

// denseAffinities builds the full n×n P over all pairs, for exact t-SNE.
func denseAffinities(x []float32, n, d int, perplexity float64, workers int) []float64 {
	cond := make([]float64, n*n)
	forChunks(n, workers, func(_, lo, hi int) {
		dist := make([]float32, n-1)
		p := make([]float64, n-1)
		for i := lo; i < hi; i++ {
			xi := x[i*d : (i+1)*d]
			for j, o := 0, 0; j < n; j++ {
				if j != i {
					dist[o] = sqDist(xi, x[j*d:(j+1)*d])
					o++
				}
			}
			conditionalRow(dist, perplexity, p)
			for j, o := 0, 0; j < n; j++ {
				if j != i {
					cond[i*n+j] = p[o]
					o++
				}
			}
		}
	})
	joint := make([]float64, n*n)
	var total float64
	for i := range n {
		for j := range n {
			v := cond[i*n+j] + cond[j*n+i]
			joint[i*n+j] = v
			total += v
		}
	}
	for e := range joint {
		joint[e] /= total
	}
	return joint
}
