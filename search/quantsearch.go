package search

// candidate is a row whose interval reaches the bar; lo is kept so stale
// candidates can be dropped once the final bar is known.
type candidate struct {
	lo float64
	id int32
}

// quantSearch is searchHits through the index: one int8 pass bounds every
// row's key, then only the rows that can reach the top k are re-ranked
// with the exact kernel (see bound.go for why this is exact).
func (s *Store) quantSearch(qi *quantIndex, pq *preparedQuery, k int, ex exclusion) []hit {
	qq := qi.quantizeQuery(pq, make([]int16, qi.stride))
	if qq == nil {
		return s.exactSearch(pq, k, ex)
	}
	w := workers(s.rows)
	bars := make([]kSmallest, w)
	cands := make([][]candidate, w)
	parallelRows(s.rows, func(i, lo, hi int) {
		bar := &bars[i]
		bar.reset(k)
		var c []candidate
		for r := lo; r < hi; r++ {
			d := dotI8(qi.codes[r*qi.stride:(r+1)*qi.stride], qq.codes)
			l, h := qq.interval(qi, r, d)
			if l <= bar.bar() && !ex.has(r) {
				bar.push(h)
				c = append(c, candidate{l, int32(r)})
			}
		}
		cands[i] = c
	})
	var all kSmallest
	all.reset(k)
	for _, b := range bars {
		for _, h := range b.h {
			all.push(h)
		}
	}
	return s.rerank(pq, k, all.bar(), cands...)
}

// rerank computes the exact key of every candidate whose lo reaches bar
// and returns the best k.
func (s *Store) rerank(pq *preparedQuery, k int, bar float64, cands ...[]candidate) []hit {
	t := newTopK(k)
	for _, cs := range cands {
		for _, c := range cs {
			if c.lo <= bar {
				t.push(hit{s.key(pq, int(c.id)), c.id})
			}
		}
	}
	return t.sorted()
}
