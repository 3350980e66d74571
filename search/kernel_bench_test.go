package search

import (
	"math/rand/v2"
	"testing"
)

// Kernel throughput with everything in L1, in multiply-adds per CPU second.
func BenchmarkKernelDots2x4(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a0, a1 := randCodes8(rng, 768), randCodes8(rng, 768)
	q := make([]int16, 4*768)
	var out [8]int32
	c0 := cpuTime()
	var r rowConst
	var qc quadConst
	for b.Loop() {
		dotsCut(a0, a1, q, 768, &out, &r, &r, &qc)
	}
	b.ReportMetric(float64(8*768)*float64(b.N)/(cpuTime()-c0).Seconds()/1e9, "cpuGMAC/s")
}

func BenchmarkKernelDotI8(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a0 := randCodes8(rng, 768)
	q := make([]int16, 768)
	c0 := cpuTime()
	for b.Loop() {
		dotI8(a0, q)
	}
	b.ReportMetric(float64(768)*float64(b.N)/(cpuTime()-c0).Seconds()/1e9, "cpuGMAC/s")
}
