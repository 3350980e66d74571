package search

import "math"

// Why the quantized scans are exact
//
// Row x is stored as int8 codes c with x = αc + e, the query vector q as
// int16 codes p with q = βp + f. Then exactly
//
//	x·q − αβ(c·p) = x·f + e·(βp),
//
// so by Cauchy–Schwarz |x·q − αβ(c·p)| ≤ E = ‖x‖‖f‖ + ‖e‖‖βp‖, where c·p
// is an exact integer and ‖x‖, ‖e‖, ‖f‖, ‖βp‖ are known. Hence, in real
// arithmetic,
//
//	L2:     ‖x−q‖² ∈ ‖x‖² + ‖q‖² − 2αβ(c·p) ± 2E
//	cosine: −x·q̂/‖x‖ ∈ −(α/‖x‖)β(c·p) ± (‖f‖ + (‖e‖/‖x‖)‖βp‖)
//
// Both have the form c0 + q0 − c1·(q1·dot) ∓ (c2·q2 + c3·q3), with the c
// per row (quant.go) and the q per query (below).
//
// The keys Search ranks by are float32 kernel results, not real numbers.
// A float32 sum of d non-negative rounded terms is within a factor 1 ± γ
// of the real sum, γ = (d+8)·2⁻²⁴·1.02 (Higham, Accuracy and Stability,
// 3.1, with slack for the subtraction and the lane merge), so the L2
// interval is widened by that factor. The cosine key has absolute error ≤
// ‖q̂‖(γ + 4·2⁻²⁴) (dot-product rounding plus the 1/‖x‖ scale and product
// roundings). The float64 evaluation of the bounds adds errors around
// 1e-13 relative; a 1e-9 relative slack covers them.
//
// Every row thus gets [lo, hi] containing its exact key. Let T be the k-th
// smallest hi: k rows have keys ≤ T, so a row with lo > T has a key
// strictly greater than k others and cannot be in the top k, even with
// ties (which go by id). Rows with lo ≤ T are re-ranked with the exact
// kernel. Rows whose norms could underflow or overflow float32 (wild) get
// [−∞, +∞] and are always re-ranked.

const unitRoundoff = 1.0 / (1 << 24)

// quantQuery is a query quantized for the int8 kernels, with its q0..q3.
type quantQuery struct {
	metric     Metric
	codes      []int16 // stride, zero padded
	q0, q0hi   float64 // q0 of the lower and of the upper bound
	q1, q2, q3 float64
	gamma      float64 // relative error of the float32 L2 kernel
	widen      float64 // lo ≤ bar ⟺ lo' ≤ bar·widen before the L2 factor
	margin     float64 // what differently-rounded evaluations of lower may differ by
}

// quantizeQuery prepares pq for the index, or returns nil when the query
// is outside the range the bounds cover (then the exact scan runs).
func (qi *quantIndex) quantizeQuery(pq *preparedQuery, dst []int16) *quantQuery {
	qn := norm64(pq.vec)
	if qn > hugeNorm || (qn != 0 && qn < tinyNorm) {
		return nil
	}
	qq := &quantQuery{metric: pq.metric, codes: dst[:qi.stride]}
	clear(qq.codes[qi.dim:])
	beta, fn := quantize(qq.codes[:qi.dim], pq.vec, qi.qlevels)
	var p2 float64
	for _, c := range qq.codes {
		p2 += float64(c) * float64(c)
	}
	pn := beta * math.Sqrt(p2)
	qq.gamma = float64(qi.dim+8) * unitRoundoff * 1.02
	const loose = 1 + 1e-9
	if pq.metric == Cosine {
		slack := qn*(qq.gamma+4*unitRoundoff) + 1e-9*(1+fn+pn) + 1e-30
		qq.q0, qq.q0hi = -slack, slack
		qq.q1, qq.q2, qq.q3 = beta, fn*loose, pn*loose
		qq.widen = 1
		qq.margin = 1e-10 * (2 + qn + fn + pn)
	} else {
		m := qi.maxNorm + qn
		slack := 1e-9*4*m*m + 1e-30
		qq.q0, qq.q0hi = qn*qn-slack, qn*qn+slack
		qq.q1, qq.q2, qq.q3 = 2*beta, 2*fn*loose, 2*pn*loose
		qq.widen = 1 / (1 - qq.gamma)
		qq.margin = 1e-10 * 4 * m * m
	}
	return qq
}

// consts returns the per-row constants for the query's metric.
func (qq *quantQuery) consts(qi *quantIndex) []rowConst {
	if qq.metric == Cosine {
		return qi.cos
	}
	return qi.l2
}

// lower is the bound before the L2 rounding factor: the quantity the scans
// compare with cutoff(bar), two multiply-adds per row and query.
func (qq *quantQuery) lower(c *rowConst, dot int32) float64 {
	return c.c0 + qq.q0 - c.c1*(qq.q1*float64(dot)) - (c.c2*qq.q2 + c.c3*qq.q3)
}

// cutoff turns the bar into the value lower is compared with. It errs on
// the permissive side by margin, far more than any evaluation order of
// lower can change its value (terms are at most ~margin·1e10, rounding is
// 1e-16 of that), so a prefilter never hides a row interval would accept;
// interval then decides.
func (qq *quantQuery) cutoff(bar float64) float64 {
	return bar*qq.widen + qq.margin
}

// interval returns bounds on row r's exact key, given dot = codes_r·p.
func (qq *quantQuery) interval(qi *quantIndex, r int, dot int32) (lo, hi float64) {
	if qi.wild[r] {
		return math.Inf(-1), math.Inf(1)
	}
	c := &qq.consts(qi)[r]
	// lo is exactly lower's value, so the scans' cutoff test agrees.
	lo = qq.lower(c, dot)
	hi = c.c0 + qq.q0hi - c.c1*(qq.q1*float64(dot)) + (c.c2*qq.q2 + c.c3*qq.q3)
	if qq.metric == Cosine {
		return lo, hi
	}
	lo = max(0, lo) * (1 - qq.gamma)
	hi *= 1 + qq.gamma
	if hi > math.MaxFloat32 {
		hi = math.Inf(1) // the float32 kernel may overflow to +Inf
	}
	return lo, hi
}

// kSmallest tracks the k smallest values seen: a max-heap whose root is
// the current bar T (+Inf until k values arrived).
type kSmallest struct {
	k int
	h []float64
}

func (t *kSmallest) reset(k int) { t.k, t.h = k, t.h[:0] }

func (t *kSmallest) bar() float64 {
	if len(t.h) < t.k {
		return math.Inf(1)
	}
	return t.h[0]
}

func (t *kSmallest) push(v float64) {
	h := t.h
	if len(h) < t.k {
		h = append(h, v)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if h[p] >= h[i] {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		t.h = h
		return
	}
	if v >= h[0] {
		return
	}
	h[0] = v
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if l+1 < len(h) && h[l+1] > h[l] {
			m = l + 1
		}
		if h[i] >= h[m] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
