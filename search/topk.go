package search

import (
	"math"
	"sort"
)

// hit is a candidate: key is smaller-is-better (squared distance, or
// minus the cosine), ties go to the lower id.
type hit struct {
	key float32
	id  int32
}

// worse reports whether a ranks after b.
func worse(a, b hit) bool {
	return a.key > b.key || (a.key == b.key && a.id > b.id)
}

// sortKey maps NaN (a corrupt row) to +Inf so that it ranks last instead
// of breaking the ordering.
func sortKey(k float32) float32 {
	if k != k {
		return float32(math.Inf(1))
	}
	return k
}

// topK keeps the k best hits seen so far in a max-heap whose root is the
// worst kept hit.
type topK struct {
	k int
	h []hit
}

func newTopK(k int) *topK { return &topK{k: k, h: make([]hit, 0, k)} }

// push offers a hit.
func (t *topK) push(x hit) {
	if len(t.h) < t.k {
		t.h = append(t.h, x)
		t.up(len(t.h) - 1)
		return
	}
	if !worse(t.h[0], x) {
		return
	}
	t.h[0] = x
	t.down(0)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !worse(t.h[i], t.h[p]) {
			return
		}
		t.h[i], t.h[p] = t.h[p], t.h[i]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		w := l
		if r := l + 1; r < n && worse(t.h[r], t.h[l]) {
			w = r
		}
		if !worse(t.h[w], t.h[i]) {
			return
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// sorted returns the kept hits best first.
func (t *topK) sorted() []hit {
	out := append([]hit(nil), t.h...)
	sortHits(out)
	return out
}

func sortHits(h []hit) {
	sort.Slice(h, func(i, j int) bool { return worse(h[j], h[i]) })
}
