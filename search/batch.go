package search

import (
	"fmt"
	"math"
	"math/bits"
	"sync"
	"sync/atomic"
)

// batchBlock is how many queries share one pass over the int8 rows: their
// codes (64 × dim int16) stay in L2 while the rows stream past once.
const batchBlock = 64

// SearchBatch answers many query vectors at once, each exactly as Search
// would; exclude, when not nil, holds the ids to leave out per query. From
// batchIndexMin queries on (or once Prepare has run) it uses the index
// and shares each pass over the rows among a block of queries.
func (s *Store) SearchBatch(qs [][]float32, opt Options, exclude [][]int) ([][]Result, error) {
	if err := s.checkOptions(opt); err != nil {
		return nil, err
	}
	if exclude != nil && len(exclude) != len(qs) {
		return nil, fmt.Errorf("%w: %d exclusion lists for %d queries", ErrQuery, len(exclude), len(qs))
	}
	pqs := make([]*preparedQuery, len(qs))
	exs := make([]exclusion, len(qs))
	for i, q := range qs {
		pq, err := s.prepareQuery(q, opt.Metric)
		if err != nil {
			return nil, fmt.Errorf("query %d: %w", i, err)
		}
		pqs[i] = pq
		if exclude != nil {
			exs[i] = s.newExclusion(opt, exclude[i])
		} else {
			exs[i] = s.newExclusion(opt, nil)
		}
	}
	hits := s.batchHits(pqs, opt.K, exs)
	out := make([][]Result, len(qs))
	for i := range qs {
		out[i] = s.results(pqs[i], hits[i])
	}
	return out, nil
}

// batchIndexMin is the batch size from which building the index (about
// a hundred exact scans' worth of work) pays for itself.
const batchIndexMin = 64

// batchHits is searchHits for many queries.
func (s *Store) batchHits(pqs []*preparedQuery, k int, exs []exclusion) [][]hit {
	if len(pqs) >= batchIndexMin {
		s.Prepare()
	}
	s.rowStats()
	out := make([][]hit, len(pqs))
	qi := s.builtIndex()
	if qi == nil {
		for i, pq := range pqs {
			out[i] = s.exactSearch(pq, k, exs[i])
		}
		return out
	}
	codes := make([]int16, len(pqs)*qi.stride)
	var quant []int // queries the index can answer
	qqs := make([]*quantQuery, len(pqs))
	for i, pq := range pqs {
		qqs[i] = qi.quantizeQuery(pq, codes[i*qi.stride:])
		if qqs[i] == nil {
			out[i] = s.exactSearch(pq, k, exs[i])
		} else {
			quant = append(quant, i)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers(len(quant) * s.rows / batchBlock) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := &batchState{}
			for {
				lo := int(next.Add(batchBlock)) - batchBlock
				if lo >= len(quant) {
					return
				}
				block := quant[lo:min(lo+batchBlock, len(quant))]
				b.run(qi, qqs, codes, block, k, exs)
				for j, i := range block {
					out[i] = s.rerank(pqs[i], k, b.q[j].bar.bar(), b.q[j].cands)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// batchState is one worker's per-block scratch.
type batchState struct {
	q     []barState
	quads []quadConst
	qbuf  []int16 // the block's codes, contiguous, padded to a multiple of 4 queries
}

// run bounds every row against every query of the block, two rows by four
// queries per kernel call; the kernel also applies the cheap cutoff test,
// so Go only sees the few (row, query) pairs that pass it.
func (b *batchState) run(qi *quantIndex, qqs []*quantQuery, codes []int16, block []int, k int, exs []exclusion) {
	n := len(block)
	nq := (n + 3) / 4
	st := qi.stride
	if cap(b.qbuf) < nq*4*st {
		b.qbuf = make([]int16, nq*4*st)
	}
	qbuf := b.qbuf[:nq*4*st]
	clear(qbuf[n*st:])
	for j, i := range block {
		copy(qbuf[j*st:(j+1)*st], codes[i*st:(i+1)*st])
	}
	if cap(b.q) < n {
		b.q = make([]barState, n)
	}
	b.q = b.q[:n]
	b.quads = append(b.quads[:0], make([]quadConst, nq)...)
	for j := range nq * 4 {
		qc, jj := &b.quads[j/4], j%4
		if j >= n {
			qc.cut[jj] = math.Inf(-1) // padding never passes
			continue
		}
		q := &b.q[j]
		q.reset(qqs[block[j]], qi, k, exs[block[j]])
		qc.q0[jj], qc.q1[jj], qc.q2[jj], qc.q3[jj], qc.cut[jj] = q.qq.q0, q.qq.q1, q.qq.q2, q.qq.q3, q.cut
	}
	consts := b.q[0].consts // one metric per batch
	var dots [8]int32
	for r := 0; r < qi.rows; r += 2 {
		r1 := min(r+1, qi.rows-1) // an odd last row is paired with itself
		a0 := qi.codes[r*st : (r+1)*st]
		a1 := qi.codes[r1*st : (r1+1)*st]
		for quad := range nq {
			mask := dotsCut(a0, a1, qbuf[quad*4*st:], st, &dots, &consts[r], &consts[r1], &b.quads[quad])
			for ; mask != 0; mask &= mask - 1 {
				bit := bits.TrailingZeros(uint(mask))
				j, row := quad*4+bit%4, r
				if bit >= 4 {
					if r1 == r {
						continue
					}
					row = r1
				}
				q := &b.q[j]
				q.offer(qi, row, dots[bit])
				b.quads[quad].cut[bit%4] = q.cut
			}
		}
	}
}

// AnalogyBatch answers many expressions as Analogy would, sharing the
// passes over the rows (see SearchBatch). errs[i] is set, and answers[i]
// nil, for an expression that cannot be answered (unknown word, zero
// cosine query); the others are unaffected. Bad options fail them all.
func (s *Store) AnalogyBatch(exprs []Expression, opt Options) (answers []*Answer, errs []error) {
	answers, errs = make([]*Answer, len(exprs)), make([]error, len(exprs))
	if err := s.checkOptions(opt); err != nil {
		for i := range errs {
			errs[i] = err
		}
		return answers, errs
	}
	var (
		pqs  []*preparedQuery
		exs  []exclusion
		good []int
	)
	for i, e := range exprs {
		q, ans, err := s.queryVector(e, opt.Metric)
		if err != nil {
			errs[i] = err
			continue
		}
		pq, err := s.prepareQuery(q, opt.Metric)
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", e, err)
			continue
		}
		ex := s.newExclusion(opt, nil)
		if opt.ExcludeQuery {
			for _, t := range ans.Terms {
				ex.add(t.IDs...)
			}
		}
		answers[i] = ans
		pqs, exs, good = append(pqs, pq), append(exs, ex), append(good, i)
	}
	if len(good) == 0 {
		return answers, errs
	}
	for j, hits := range s.batchHits(pqs, opt.K, exs) {
		answers[good[j]].Results = s.results(pqs[j], hits)
	}
	return answers, errs
}
