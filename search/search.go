package search

import (
	"fmt"
	"math"
	"slices"
)

// Options control a search.
type Options struct {
	// K is how many neighbours to return, 1..V.
	K int
	// Metric ranks the neighbours; the zero value is L2.
	Metric Metric
	// ExcludeQuery drops the query words' ids (for a WordPiece-split word,
	// its pieces' ids) from the results; K results are still returned when
	// V allows.
	ExcludeQuery bool
	// ExcludeSpecial drops BERT's special tokens from the results: [PAD],
	// [UNK], [CLS], [SEP], [MASK] and [unusedN] (see IsSpecial).
	ExcludeSpecial bool
}

// Result is one neighbour.
type Result struct {
	Rank  int    `json:"rank"` // 1-based
	ID    int    `json:"id"`
	Token string `json:"token"`
	// Distance is the squared L2 distance for L2, 1 - cosine for Cosine.
	Distance float32 `json:"distance"`
	// Cosine is the cosine similarity between the query vector and the
	// row (0 when either is zero; see cosine64 for tiny rows). JSON writes
	// a non-finite Distance or Cosine as a string (see MarshalJSON).
	Cosine float32 `json:"cosine"`
}

// Answer is the outcome of an analogy or neighbour query.
type Answer struct {
	Expression Expression
	// Terms are the resolved words, in order.
	Terms []Resolved
	// Notes tell the user about WordPiece fallbacks.
	Notes   []string
	Results []Result
}

func (s *Store) checkOptions(opt Options) error {
	if opt.K < 1 || opt.K > s.rows {
		return fmt.Errorf("%w: k = %d, want 1..%d (the number of vectors)", ErrK, opt.K, s.rows)
	}
	if opt.Metric != L2 && opt.Metric != Cosine {
		return fmt.Errorf("%w %v", ErrMetric, opt.Metric)
	}
	return nil
}

// Query parses text as an expression and answers it (see Analogy).
func (s *Store) Query(text string, opt Options) (*Answer, error) {
	e, err := ParseExpression(text)
	if err != nil {
		return nil, err
	}
	return s.Analogy(e, opt)
}

// Analogy returns the K nearest neighbours of the expression's vector:
// for L2 the float32 sum of the term vectors in order, for Cosine the sum
// of their unit vectors (gensim's most_similar).
func (s *Store) Analogy(e Expression, opt Options) (*Answer, error) {
	if err := s.checkOptions(opt); err != nil {
		return nil, err
	}
	q, ans, err := s.queryVector(e, opt.Metric)
	if err != nil {
		return nil, err
	}
	var exclude []int
	if opt.ExcludeQuery {
		for _, t := range ans.Terms {
			exclude = append(exclude, t.IDs...)
		}
	}
	ans.Results, err = s.Search(q, opt, exclude...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e, err)
	}
	return ans, nil
}

// queryVector resolves the terms and sums them for the metric.
func (s *Store) queryVector(e Expression, m Metric) ([]float32, *Answer, error) {
	if len(e.Terms) == 0 {
		return nil, nil, fmt.Errorf("%w: empty expression", ErrExpression)
	}
	ans := &Answer{Expression: e}
	q := make([]float32, s.dim)
	for _, t := range e.Terms {
		r, err := s.Resolve(t.Word)
		if err != nil {
			return nil, nil, err
		}
		ans.Terms = append(ans.Terms, r)
		if n := r.Note(s.voc); n != "" && !slices.Contains(ans.Notes, n) {
			ans.Notes = append(ans.Notes, n)
		}
		v := r.Vector
		if m == Cosine {
			v = unit(v)
		}
		if t.Neg {
			for i, x := range v {
				q[i] -= x
			}
		} else {
			for i, x := range v {
				q[i] += x
			}
		}
	}
	return q, ans, nil
}

// unit returns v scaled to length 1 (a zero vector stays zero).
func unit(v []float32) []float32 {
	out := make([]float32, len(v))
	if n := norm64(v); n > 0 {
		for i, x := range v {
			out[i] = float32(float64(x) / n)
		}
	}
	return out
}

// Search returns the K nearest rows to the query vector q (len Dim),
// leaving out the ids in exclude. For Cosine, q need not be unit length.
func (s *Store) Search(q []float32, opt Options, exclude ...int) ([]Result, error) {
	if err := s.checkOptions(opt); err != nil {
		return nil, err
	}
	pq, err := s.prepareQuery(q, opt.Metric)
	if err != nil {
		return nil, err
	}
	hits := s.searchHits(pq, opt.K, s.newExclusion(opt, exclude))
	return s.results(pq, hits), nil
}

// preparedQuery is a query vector ready for the kernels.
type preparedQuery struct {
	metric Metric
	raw    []float32 // as given
	vec    []float32 // raw for L2, unit length for Cosine
	norm   float64   // ‖raw‖
}

func (s *Store) prepareQuery(q []float32, m Metric) (*preparedQuery, error) {
	if len(q) != s.dim {
		return nil, fmt.Errorf("%w: length %d, want %d", ErrQuery, len(q), s.dim)
	}
	n := norm64(q)
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return nil, fmt.Errorf("%w: not finite", ErrQuery)
	}
	pq := &preparedQuery{metric: m, raw: q, vec: q, norm: n}
	if m == Cosine {
		if n == 0 {
			return nil, fmt.Errorf("%w: %w", ErrQuery, ErrZeroQuery)
		}
		pq.vec = unit(q)
	}
	return pq, nil
}

// exclusion is the ids a search leaves out: a handful of query ids, and
// optionally every special token (hundreds of [unusedN] in some vocabs,
// hence a mask).
type exclusion struct {
	ids  []int32
	mask []bool // per row, shared and read-only; nil for none
}

func (e exclusion) has(id int) bool {
	if e.mask != nil && e.mask[id] {
		return true
	}
	for _, x := range e.ids {
		if int(x) == id {
			return true
		}
	}
	return false
}

func (e *exclusion) add(ids ...int) {
	for _, id := range ids {
		if !e.has(id) {
			e.ids = append(e.ids, int32(id))
		}
	}
}

// newExclusion leaves out ids, and the special tokens when opt says so.
func (s *Store) newExclusion(opt Options, ids []int) exclusion {
	var e exclusion
	if opt.ExcludeSpecial {
		e.mask = s.specialMask()
	}
	e.add(ids...)
	return e
}

// searchHits picks the exact top k, through the quantized index when one
// is built and worth it.
func (s *Store) searchHits(pq *preparedQuery, k int, ex exclusion) []hit {
	if qi := s.builtIndex(); qi != nil {
		return s.quantSearch(qi, pq, k, ex)
	}
	return s.exactSearch(pq, k, ex)
}

// key is the canonical smaller-is-better key of row r: the definition of
// "exact" for this package.
func (s *Store) key(pq *preparedQuery, r int) float32 {
	x := s.mat.Row(r)
	if pq.metric == Cosine {
		return sortKey(-s.cosine(r, x, pq.vec))
	}
	return sortKey(l2sq(x, pq.vec))
}

// exactSearch computes the key of every row.
func (s *Store) exactSearch(pq *preparedQuery, k int, ex exclusion) []hit {
	s.rowStats()
	w := workers(s.rows)
	tops := make([]*topK, w)
	parallelRows(s.rows, func(i, lo, hi int) {
		t := newTopK(k)
		for r := lo; r < hi; r++ {
			if ex.has(r) {
				continue
			}
			t.push(hit{s.key(pq, r), int32(r)})
		}
		tops[i] = t
	})
	return mergeTops(tops, k)
}

func mergeTops(tops []*topK, k int) []hit {
	all := newTopK(k)
	for _, t := range tops {
		if t == nil {
			continue
		}
		for _, h := range t.h {
			all.push(h)
		}
	}
	return all.sorted()
}

// results turns hits into Results.
func (s *Store) results(pq *preparedQuery, hits []hit) []Result {
	out := make([]Result, len(hits))
	for i, h := range hits {
		r := int(h.id)
		res := Result{Rank: i + 1, ID: r, Token: s.voc.Token(r)}
		if pq.metric == Cosine {
			c := -h.key
			res.Distance, res.Cosine = 1-c, c
		} else {
			res.Distance = h.key
			if den := s.stats.norms[r] * pq.norm; den > 0 {
				res.Cosine = float32(dot64(s.mat.Row(r), pq.raw) / den)
			}
		}
		out[i] = res
	}
	return out
}

func dot64(a, b []float32) float64 {
	var s float64
	for i, x := range a {
		s += float64(x) * float64(b[i])
	}
	return s
}
