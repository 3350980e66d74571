//go:build !purego

package search

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// AVX2+FMA kernels (kernel_amd64.s); the portable ones otherwise.
var (
	haveSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	dot      = pick(dotAVX2Slice, dotGo)
	l2sq     = pick(l2sqAVX2Slice, l2sqGo)
	dotI8    = pick(dotI8AVX2Slice, dotI8Go)
	dots2x4  = pick(dots2x4AVX2Slice, dots2x4Go)
	dotsCut  = pick(dotsCutAVX2Slice, dotsCutGo)
)

func pick[F any](simd, portable F) F {
	if haveSIMD {
		return simd
	}
	return portable
}

//go:noescape
func dotAVX2(a, b *float32, n int) float32

//go:noescape
func l2sqAVX2(a, b *float32, n int) float32

//go:noescape
func dotI8AVX2(a *int8, b *int16, n int) int32

//go:noescape
func dots2x4AVX2(a0, a1 *int8, q *int16, qstride, n int, out *[8]int32)

//go:noescape
func dots2x4CutAVX2(a0, a1 *int8, q *int16, qstride, n int, out *[8]int32, r0, r1 *rowConst, qc *quadConst) int

func dotAVX2Slice(a, b []float32) float32 {
	if len(a) == 0 {
		return 0
	}
	_ = b[len(a)-1]
	return dotAVX2(&a[0], &b[0], len(a))
}

func l2sqAVX2Slice(a, b []float32) float32 {
	if len(a) == 0 {
		return 0
	}
	_ = b[len(a)-1]
	return l2sqAVX2(&a[0], &b[0], len(a))
}

// dotI8AVX2Slice needs len(a) to be a multiple of 16 (the index stride).
func dotI8AVX2Slice(a []int8, b []int16) int32 {
	if len(a) == 0 {
		return 0
	}
	if len(a)%16 != 0 {
		return dotI8Go(a, b)
	}
	_ = b[len(a)-1]
	return dotI8AVX2(&a[0], &b[0], len(a))
}

// dots2x4AVX2Slice: see dots2x4Go.
func dots2x4AVX2Slice(a0, a1 []int8, q []int16, qstride int, out *[8]int32) {
	n := len(a0)
	if n == 0 || n%16 != 0 {
		dots2x4Go(a0, a1, q, qstride, out)
		return
	}
	_, _ = a1[n-1], q[3*qstride+n-1]
	dots2x4AVX2(&a0[0], &a1[0], &q[0], qstride*int(unsafe.Sizeof(q[0])), n, out)
}

// dotsCutAVX2Slice: see dotsCutGo.
func dotsCutAVX2Slice(a0, a1 []int8, q []int16, qstride int, out *[8]int32, r0, r1 *rowConst, qc *quadConst) int {
	n := len(a0)
	if n == 0 || n%16 != 0 {
		return dotsCutGo(a0, a1, q, qstride, out, r0, r1, qc)
	}
	_, _ = a1[n-1], q[3*qstride+n-1]
	return dots2x4CutAVX2(&a0[0], &a1[0], &q[0], qstride*int(unsafe.Sizeof(q[0])), n, out, r0, r1, qc)
}
