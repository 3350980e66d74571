package pipeline

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

// freeEncoder costs nothing, so a benchmark with it measures the pipeline
// alone: feeding, writing rows, fsyncs and the done log.
type freeEncoder struct{ v, h int }

func (e freeEncoder) VocabSize() int                                    { return e.v }
func (e freeEncoder) Hidden() int                                       { return e.h }
func (e freeEncoder) Static(dst []float32) error                        { return nil }
func (e freeEncoder) Dynamic(context.Context, []float32, []int32) error { return nil }

// BenchmarkExtractDynamic reports the ids/s the engine sustains for a
// bert-base-sized vocabulary (30522 x 768, 94 MB per run), to compare with
// the encoder's own rate: the engine must never be the bottleneck.
func BenchmarkExtractDynamic(b *testing.B) {
	const v, h = 30522, 768
	for _, bc := range []struct{ batch, workers int }{{32, 1}, {256, 1}, {256, 4}} {
		b.Run(fmt.Sprintf("batch=%d/workers=%d", bc.batch, bc.workers), func(b *testing.B) {
			enc := freeEncoder{v, h}
			b.SetBytes(int64(v) * h * 4)
			for b.Loop() {
				dir, err := os.MkdirTemp("", "bench")
				if err != nil {
					b.Fatal(err)
				}
				o := Options{
					OutDir: dir, Kinds: []vecdir.Kind{vecdir.Dynamic}, Batch: bc.batch,
					Groups: []WorkerGroup{{Name: "cpu", Encoder: enc, Workers: bc.workers}},
					Tokens: make([]string, v),
				}
				if _, err := Extract(context.Background(), o); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				os.RemoveAll(dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(v)*float64(b.N)/b.Elapsed().Seconds(), "ids/s")
		})
	}
}
