package tsne

import (
	"fmt"
	"sort"
)

// Trustworthiness measures, as sklearn.manifold.trustworthiness does, how
// far the k nearest neighbours of each point in the layout y (n×dy) are
// from being its neighbours in the original x (n×d):
//
//	T(k) = 1 − 2/(n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_i(k)} (r(i, j) − k)
//
// where U_i(k) are i's layout neighbours that are not among its k nearest
// in x, and r(i, j) is j's rank among i's neighbours in x (1 = nearest).
// 1 means every layout neighbour is a true neighbour. Needs k < n/2.
func Trustworthiness(x []float32, n, d int, y []float64, dy, k int) (float64, error) {
	if err := checkMatrix(x, n, d); err != nil {
		return 0, err
	}
	if len(y) != n*dy || k < 1 || float64(k) >= float64(n)/2 {
		return 0, fmt.Errorf("%w: trustworthiness needs an n×dy layout and 1 ≤ k < n/2", ErrInput)
	}
	var penalty float64
	rank := make([]int, n)
	order := make([]int, n)
	dist := make([]float64, n)
	for i := range n {
		// Ranks in the original space.
		for j := range n {
			order[j] = j
			dist[j] = float64(sqDist(x[i*d:(i+1)*d], x[j*d:(j+1)*d]))
		}
		byDistance(order, dist, i)
		for r, j := range order[1:] {
			rank[j] = r + 1
		}
		// k nearest in the layout.
		for j := range n {
			order[j] = j
			var s float64
			for c := range dy {
				v := y[i*dy+c] - y[j*dy+c]
				s += v * v
			}
			dist[j] = s
		}
		byDistance(order, dist, i)
		for _, j := range order[1 : k+1] {
			if rank[j] > k {
				penalty += float64(rank[j] - k)
			}
		}
	}
	nf, kf := float64(n), float64(k)
	return 1 - 2/(nf*kf*(2*nf-3*kf-1))*penalty, nil
}

// byDistance sorts order by dist with self first and ties by index.
func byDistance(order []int, dist []float64, self int) {
	sort.Slice(order, func(a, b int) bool {
		oa, ob := order[a], order[b]
		if (oa == self) != (ob == self) {
			return oa == self
		}
		if dist[oa] != dist[ob] {
			return dist[oa] < dist[ob]
		}
		return oa < ob
	})
}

// NeighborPreservation is the mean fraction of each point's k nearest
// neighbours in x that are also among its k nearest in the layout y.
func NeighborPreservation(x []float32, n, d int, y []float64, dy, k int) (float64, error) {
	if len(y) != n*dy || k < 1 || k > n-1 {
		return 0, fmt.Errorf("%w: preservation needs an n×dy layout and 1 ≤ k < n", ErrInput)
	}
	high, err := NearestNeighbors(x, n, d, k, 0)
	if err != nil {
		return 0, err
	}
	ylow := make([]float32, len(y))
	for e, v := range y {
		ylow[e] = float32(v)
	}
	low, err := NearestNeighbors(ylow, n, dy, k, 0)
	if err != nil {
		return 0, err
	}
	var kept int
	for i := range n {
		hi, _ := high.Of(i)
		lo, _ := low.Of(i)
		set := make(map[int32]bool, k)
		for _, j := range hi {
			set[j] = true
		}
		for _, j := range lo {
			if set[j] {
				kept++
			}
		}
	}
	return float64(kept) / float64(n*k), nil
}
