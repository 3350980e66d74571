package search

import (
	"math/rand/v2"
	"testing"
)

// kernelReps keeps each benchmark iteration long enough for getrusage's
// clock tick, whatever -benchtime says.
const kernelReps = 20000

// Kernel throughput with everything in L1, in multiply-adds per CPU
// second (ns/op is per kernelReps calls).
func BenchmarkKernelDots2x4(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a0, a1 := randCodes8(rng, 768), randCodes8(rng, 768)
	q := make([]int16, 4*768)
	var out [8]int32
	var r rowConst
	var qc quadConst
	c0 := cpuTime()
	for b.Loop() {
		for range kernelReps {
			dotsCut(a0, a1, q, 768, &out, &r, &r, &qc)
		}
	}
	b.ReportMetric(float64(8*768*kernelReps)*float64(b.N)/(cpuTime()-c0).Seconds()/1e9, "cpuGMAC/s")
}

func BenchmarkKernelDotI8(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a0 := randCodes8(rng, 768)
	q := make([]int16, 768)
	c0 := cpuTime()
	for b.Loop() {
		for range kernelReps {
			dotI8(a0, q)
		}
	}
	b.ReportMetric(float64(768*kernelReps)*float64(b.N)/(cpuTime()-c0).Seconds()/1e9, "cpuGMAC/s")
}
