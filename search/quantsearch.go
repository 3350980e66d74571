package search

// candidate is a row whose interval reaches the bar; lo is kept so stale
// candidates can be dropped once the final bar is known.
type candidate struct {
	lo float64
	id int32
}

// barState is one query's running selection in a scan: the k smallest
// upper bounds so far, the cutoff derived from them, and the candidates.
type barState struct {
	bar    kSmallest
	cut    float64
	cands  []candidate
	qq     *quantQuery
	consts []rowConst
	ex     exclusion
}

func (b *barState) reset(qq *quantQuery, qi *quantIndex, k int, ex exclusion) {
	b.bar.reset(k)
	b.cut = qq.cutoff(b.bar.bar())
	b.cands = b.cands[:0]
	b.qq, b.consts, b.ex = qq, qq.consts(qi), ex
}

// offer considers row r with dot = codes_r·p; the caller has already
// checked lower ≤ cut, which rejects almost every row cheaply.
func (b *barState) offer(qi *quantIndex, r int, dot int32) {
	lo, hi := b.qq.interval(qi, r, dot)
	if lo > b.bar.bar() || b.ex.has(r) {
		return
	}
	b.bar.push(hi)
	b.cut = b.qq.cutoff(b.bar.bar())
	b.cands = append(b.cands, candidate{lo, int32(r)})
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
	states := make([]barState, w)
	parallelRows(s.rows, func(i, lo, hi int) {
		b := &states[i]
		b.reset(qq, qi, k, ex)
		for r := lo; r < hi; r++ {
			d := dotI8(qi.codes[r*qi.stride:(r+1)*qi.stride], qq.codes)
			if qq.lower(&b.consts[r], d) <= b.cut {
				b.offer(qi, r, d)
			}
		}
	})
	var all kSmallest
	all.reset(k)
	cands := make([][]candidate, w)
	for i, b := range states {
		for _, h := range b.bar.h {
			all.push(h)
		}
		cands[i] = b.cands
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
