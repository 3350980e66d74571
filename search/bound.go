package search

import "math"

// Why the quantized scans are exact
//
// Row x is stored as int8 codes c with x = αc + e, the query vector q as
// int codes p with q = βp + f. Then exactly
//
//	x·q − αβ(c·p) = x·f + e·(βp),
//
// so by Cauchy–Schwarz |x·q − αβ(c·p)| ≤ E = ‖x‖‖f‖ + ‖e‖‖βp‖, where c·p
// is an exact integer and ‖x‖, ‖e‖, ‖f‖, ‖βp‖ are known. Hence, in real
// arithmetic,
//
//	L2:     ‖x−q‖² ∈ ‖x‖² + ‖q‖² − 2αβ(c·p) ± 2E
//	cosine: −x·q̂/‖x‖ ∈ −αβ(c·p)/‖x‖ ± E/‖x‖
//
// The keys Search ranks by are float32 kernel results, not real numbers.
// A float32 sum of d non-negative rounded terms is within a factor
// 1 ± γ of the real sum, γ = (d+8)·2⁻²⁴·1.02 (Higham, Accuracy and
// Stability, 3.1, with slack for the subtraction and the lane merge), so
// the L2 interval is widened by that factor. The cosine key has absolute
// error ≤ ‖q̂‖(γ + 4·2⁻²⁴) (dot-product rounding plus the 1/‖x‖ scale and
// product roundings). The float64 evaluation of the interval itself adds
// errors around 1e-13 relative; a 1e-9 relative slack covers them.
//
// Every row thus gets [lo, hi] containing its exact key. Let T be the k-th
// smallest hi: k rows have keys ≤ T, so a row with lo > T has a key
// strictly greater than k others and cannot be in the top k, even with
// ties (which go by id). Rows with lo ≤ T are re-ranked with the exact
// kernel. Rows whose norms could underflow or overflow float32 (wild) get
// [−∞, +∞] and are always re-ranked.

const unitRoundoff = 1.0 / (1 << 24)

// quantQuery is a query quantized for the int8 kernels.
type quantQuery struct {
	metric Metric
	codes  []int16 // stride, zero padded
	beta   float64
	fn     float64 // ‖f‖ = ‖q − βp‖
	pn     float64 // ‖βp‖
	qq     float64 // ‖q‖²
	gamma  float64 // relative error of the float32 L2 kernel
	slack  float64 // absolute slack for float64 evaluation and cosine rounding
}

// quantizeQuery prepares pq for the index, or returns nil when the query
// is outside the range the bounds cover (then the exact scan runs).
func (qi *quantIndex) quantizeQuery(pq *preparedQuery, dst []int16) *quantQuery {
	qn := norm64(pq.vec)
	if qn > hugeNorm || (qn != 0 && qn < tinyNorm) {
		return nil
	}
	qq := &quantQuery{metric: pq.metric, codes: dst[:qi.stride], qq: qn * qn}
	clear(qq.codes[qi.dim:])
	qq.beta, qq.fn = quantize(qq.codes[:qi.dim], pq.vec)
	var p2 float64
	for _, c := range qq.codes {
		p2 += float64(c) * float64(c)
	}
	qq.pn = qq.beta * math.Sqrt(p2)
	qq.gamma = float64(qi.dim+8) * unitRoundoff * 1.02
	if pq.metric == Cosine {
		qq.slack = qn*(qq.gamma+4*unitRoundoff) + 1e-9*(1+qq.fn+qq.pn) + 1e-30
	} else {
		m := qi.maxNorm + qn
		qq.slack = 1e-9*4*m*m + 1e-30
	}
	return qq
}

// interval returns bounds on row r's exact key, given dot = codes_r·p.
func (qq *quantQuery) interval(qi *quantIndex, r int, dot int32) (lo, hi float64) {
	if qi.wild[r] {
		return math.Inf(-1), math.Inf(1)
	}
	p := qi.alpha[r] * qq.beta * float64(dot)
	if qq.metric == Cosine {
		n := qi.norm[r]
		if n == 0 {
			return 0, 0 // the kernel gives exactly 0 for a zero row
		}
		e := (qq.fn + qi.enorm[r]/n*qq.pn) * (1 + 1e-9)
		c := -p / n
		return c - e - qq.slack, c + e + qq.slack
	}
	e := 2 * (qi.norm[r]*qq.fn + qi.enorm[r]*qq.pn) * (1 + 1e-9)
	c := qi.sq[r] + qq.qq - 2*p
	lo = max(0, c-e-qq.slack) * (1 - qq.gamma)
	hi = (c + e + qq.slack) * (1 + qq.gamma)
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
