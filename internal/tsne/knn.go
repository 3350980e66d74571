package tsne

import (
	"fmt"
	"sort"
)

// Neighbors holds, for each of N points, its K nearest other points by
// Euclidean distance, nearest first. Ties are broken by the smaller index,
// so the lists do not depend on scheduling.
type Neighbors struct {
	N, K  int
	Index []int32   // N×K row-major: Index[i*K+r] is i's (r+1)-th neighbour
	Dist2 []float32 // squared distances, same layout as Index
}

// Of returns point i's neighbour indices and squared distances.
func (nb *Neighbors) Of(i int) ([]int32, []float32) {
	return nb.Index[i*nb.K : (i+1)*nb.K], nb.Dist2[i*nb.K : (i+1)*nb.K]
}

// NearestNeighbors finds the k nearest neighbours of every row of the
// row-major n×d matrix x by exhaustive search. workers ≤ 0 uses every CPU.
func NearestNeighbors(x []float32, n, d, k, workers int) (*Neighbors, error) {
	if err := checkMatrix(x, n, d); err != nil {
		return nil, err
	}
	if k < 1 || k > n-1 {
		return nil, fmt.Errorf("%w: %d neighbours of %d points (need 1 ≤ k ≤ n−1)", ErrInput, k, n)
	}
	nb := &Neighbors{N: n, K: k, Index: make([]int32, n*k), Dist2: make([]float32, n*k)}
	forChunks(n, workers, func(_, lo, hi int) {
		h := make(neighborHeap, 0, k)
		for i := lo; i < hi; i++ {
			h = h[:0]
			xi := x[i*d : (i+1)*d]
			for j := range n {
				if j == i {
					continue
				}
				if len(h) == k {
					// Stop summing as soon as the partial distance
					// already loses to the worst kept neighbour.
					dist, ok := sqDistBelow(xi, x[j*d:(j+1)*d], h[0].dist)
					if ok {
						h.replaceTop(candidate{dist, int32(j)})
					}
					continue
				}
				h.push(candidate{sqDist(xi, x[j*d:(j+1)*d]), int32(j)})
			}
			sort.Slice(h, func(a, b int) bool { return h[b].worse(h[a]) })
			for r, c := range h {
				nb.Index[i*k+r] = c.index
				nb.Dist2[i*k+r] = c.dist
			}
		}
	})
	return nb, nil
}

// distBlock is the width of the blocks a distance is summed in. Summing
// block by block lets sqDistBelow stop early and still return exactly what
// sqDist would.
const distBlock = 64

// sqDist is the squared Euclidean distance between a and b.
func sqDist(a, b []float32) float32 {
	var s float32
	for lo := 0; lo < len(a); lo += distBlock {
		hi := min(lo+distBlock, len(a))
		s += sqDistKernel(a[lo:hi], b[lo:hi])
	}
	return s
}

// sqDistBelow returns sqDist(a, b) and true when it is below bound, or a
// partial sum and false as soon as the sum reaches bound. Equal counts as
// not below: the caller scans indices upwards, so on a tie the kept
// neighbour has the smaller index and wins.
func sqDistBelow(a, b []float32, bound float32) (float32, bool) {
	var s float32
	for lo := 0; lo < len(a); lo += distBlock {
		hi := min(lo+distBlock, len(a))
		s += sqDistKernel(a[lo:hi], b[lo:hi])
		if s >= bound {
			return s, false
		}
	}
	return s, true
}

// sqDistKernel sums squared differences in four lanes so the additions
// can overlap.
func sqDistKernel(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0, d1, d2, d3 := a[i]-b[i], a[i+1]-b[i+1], a[i+2]-b[i+2], a[i+3]-b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// candidate is one possible neighbour.
type candidate struct {
	dist  float32
	index int32
}

// worse orders candidates: farther first, then larger index.
func (c candidate) worse(o candidate) bool {
	return c.dist > o.dist || (c.dist == o.dist && c.index > o.index)
}

// neighborHeap is a max-heap by worse(): the root is the worst kept.
type neighborHeap []candidate

func (h *neighborHeap) push(c candidate) {
	*h = append(*h, c)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[i].worse(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h neighborHeap) replaceTop(c candidate) {
	h[0] = c
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && h[l].worse(h[m]) {
			m = l
		}
		if r < len(h) && h[r].worse(h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
