//go:build cgo && !nolibtorch

package model

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/bertvec/bertvec/internal/env"
)

// benchEncoder loads the BERT-base-shaped checkpoint named by
// BERTVEC_BENCH_MODEL; `make bench` generates one and sets it.
func benchEncoder(b *testing.B, threads int) *Encoder {
	dir := env.BenchModel.String("")
	if dir == "" {
		b.Fatalf("set %s to a BERT-base-shaped checkpoint (make bench generates build/bert-base-random)", env.BenchModel.Name)
	}
	return load(b, dir, WithThreads(threads))
}

// BenchmarkDynamic measures the extraction forward at several batch sizes
// (ids/s is the figure to read); batch 1 is the article's method.
func BenchmarkDynamic(b *testing.B) {
	e := benchEncoder(b, 1)
	for _, batch := range []int{1, 64, 256, 512} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ids := allIDs(batch)
			for i := range ids {
				ids[i] += 1000
			}
			dst := make([]float32, batch*e.Hidden())
			for b.Loop() {
				if err := e.Dynamic(context.Background(), dst, ids); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "ids/s")
		})
	}
}

// BenchmarkDynamicWorkers runs batches from several goroutines at once, as
// extract's worker pool does, with extract's thread plan: OpenBLAS gets
// cores / workers threads (so one worker has a threaded BLAS).
func BenchmarkDynamicWorkers(b *testing.B) {
	e := benchEncoder(b, 1)
	for _, c := range []struct{ workers, batch int }{{1, 256}, {2, 64}, {2, 128}, {2, 256}, {2, 512}} {
		workers, batch := c.workers, c.batch
		b.Run(fmt.Sprintf("workers=%d/batch=%d", workers, batch), func(b *testing.B) {
			if _, err := SetBLASThreads(DefaultBLASThreads(workers, runtime.NumCPU())); err != nil {
				b.Fatal(err)
			}
			ids := allIDs(batch)
			done := make(chan error)
			for w := 0; w < workers; w++ {
				go func() {
					dst := make([]float32, batch*e.Hidden())
					for i := 0; i < b.N; i++ {
						if err := e.Dynamic(context.Background(), dst, ids); err != nil {
							done <- err
							return
						}
					}
					done <- nil
				}()
			}
			for w := 0; w < workers; w++ {
				if err := <-done; err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(workers*batch*b.N)/b.Elapsed().Seconds(), "ids/s")
		})
	}
}
