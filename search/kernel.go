package search

// The float32 kernels below define the package's distances: Search is
// exact with respect to them. Each build uses one implementation for every
// path (brute force, re-ranking, tests), so results never depend on which
// path ran. kernel_amd64.go swaps in AVX2 versions when the CPU has them;
// these portable ones keep eight independent sums so the compiler can
// overlap the additions.

// dotGo returns a·b over len(a) elements; b must be at least as long.
func dotGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	n := len(a) &^ 7
	for i := 0; i < n; i += 8 {
		x := a[i : i+8 : i+8]
		y := b[i : i+8 : i+8]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		s4 += x[4] * y[4]
		s5 += x[5] * y[5]
		s6 += x[6] * y[6]
		s7 += x[7] * y[7]
	}
	for i := n; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// l2sqGo returns the squared Euclidean distance between a and b.
func l2sqGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	n := len(a) &^ 7
	for i := 0; i < n; i += 8 {
		x := a[i : i+8 : i+8]
		y := b[i : i+8 : i+8]
		d0, d1, d2, d3 := x[0]-y[0], x[1]-y[1], x[2]-y[2], x[3]-y[3]
		d4, d5, d6, d7 := x[4]-y[4], x[5]-y[5], x[6]-y[6], x[7]-y[7]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
		s4 += d4 * d4
		s5 += d5 * d5
		s6 += d6 * d6
		s7 += d7 * d7
	}
	for i := n; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// dotI8Go returns the integer dot product of int8 codes a and int16 codes
// b (which hold int8 values widened, as the AVX2 kernel wants them).
func dotI8Go(a []int8, b []int16) int32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 int32
	n := len(a) &^ 3
	for i := 0; i < n; i += 4 {
		x := a[i : i+4 : i+4]
		y := b[i : i+4 : i+4]
		s0 += int32(x[0]) * int32(y[0])
		s1 += int32(x[1]) * int32(y[1])
		s2 += int32(x[2]) * int32(y[2])
		s3 += int32(x[3]) * int32(y[3])
	}
	for i := n; i < len(a); i++ {
		s0 += int32(a[i]) * int32(b[i])
	}
	return s0 + s1 + s2 + s3
}

// dots2x4Go sets out[4*i+j] = a_i·q_j for rows a0, a1 and the four query
// codes q_j = q[j*qstride:][:len(a0)].
func dots2x4Go(a0, a1 []int8, q []int16, qstride int, out *[8]int32) {
	n := len(a0)
	for j := range 4 {
		qj := q[j*qstride : j*qstride+n]
		out[j] = dotI8Go(a0, qj)
		out[4+j] = dotI8Go(a1, qj)
	}
}

// quadConst holds four queries' q0..q3 and cutoffs for dotsCut; the
// layout is fixed by kernel_amd64.s.
type quadConst struct {
	q0, q1, q2, q3, cut [4]float64
}

// dotsCutGo is dots2x4Go followed by the prefilter of bound.go: bit
// 4*i+j of the result is set when row i may reach query j's cutoff,
//
//	c0 + q0 − cut − c2·q2 − c3·q3 ≤ (c1·q1)·dot.
func dotsCutGo(a0, a1 []int8, q []int16, qstride int, out *[8]int32, r0, r1 *rowConst, qc *quadConst) int {
	dots2x4Go(a0, a1, q, qstride, out)
	mask := 0
	for i, c := range [2]*rowConst{r0, r1} {
		for j := range 4 {
			a := c.c0 + (qc.q0[j] - qc.cut[j])
			a -= c.c2 * qc.q2[j]
			a -= c.c3 * qc.q3[j]
			if a <= c.c1*qc.q1[j]*float64(out[4*i+j]) {
				mask |= 1 << (4*i + j)
			}
		}
	}
	return mask
}
