package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/bench"
)

// benchResult is one setting's result as bench summarises it: median,
// min and max of the repetitions' rates.
func benchResult(s bench.Setting, median, lo, hi float64, rss int64) bench.Result {
	const flopsPerID, peak, vocab = 479_250_432, 180e9, 32000
	return bench.Result{Setting: s, IDsPerS: median, IDsPerSMin: lo, IDsPerSMax: hi, PeakRSSBytes: rss,
		Efficiency: bench.Efficiency(median, flopsPerID, peak), FullVocabSec: vocab / median}
}

func TestBenchTable(t *testing.T) {
	r := &bench.Report{Device: "cpu", Cores: 2, Libtorch: "1.13.0", PeakGFLOPS: 180, FLOPsPerID: 479_250_432,
		BoundIDsPerS: 375.6, Model: "bert-base-random", Vocab: 32000, PeakPlan: "test"}
	r.Results = []bench.Result{
		benchResult(bench.Setting{Batch: 64, Workers: 2, Threads: 1}, 250, 240, 260, 900<<20),
		benchResult(bench.Setting{Batch: 256, Workers: 2, Threads: 1}, 300, 290, 305, 1<<30),
	}
	r.Results[1].Best = true
	r.Compare = &bench.Comparison{PerIDIDsPerS: 18, PerIDSample: 64, GenericIDsPerS: 200, FastIDsPerS: 300, Setting: bench.Setting{Batch: 256, Workers: 2, Threads: 1}}
	var buf bytes.Buffer
	if err := writeBenchTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"roofline: fp32 GEMM 180.0 GFLOP/s",
		"479.3 MFLOP per id",
		"  256       2       1  300 (290-305)",
		"1.00 GB     107 s      79.9% *",
		"best (*): bertvec extract --batch 256 --workers 2 --threads 1  (79.9% of the GEMM roofline)",
		"(bertvec's path is 1.50x faster)",
		"64-id sample; bertvec's path is 16.7x faster, 29.6 min for all ids",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "*\n") != 1 {
		t.Errorf("one row should be marked best:\n%s", out)
	}
}

// A bf16 report names its roofline's precision, prints the error against
// fp32, and its best line gives extract the same --precision.
func TestBenchTableBF16(t *testing.T) {
	r := &bench.Report{Device: "cpu", Cores: 2, Libtorch: "1.13.0", PeakGFLOPS: 900, FLOPsPerID: 479_250_432,
		BoundIDsPerS: 1878, Model: "bert-base-random", Vocab: 32000, PeakPlan: "test", Precision: "bf16",
		Error: &bench.ErrorStats{MaxAbs: 0.0412, MeanAbs: 0.00517, IDs: 1024}}
	r.Results = []bench.Result{benchResult(bench.Setting{Batch: 256, Workers: 2, Threads: 1}, 900, 890, 905, 1<<30)}
	r.Results[0].Best = true
	var buf bytes.Buffer
	if err := writeBenchTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"roofline: bf16 GEMM 900.0 GFLOP/s",
		"bf16 against fp32 on the same 1024 ids: max |difference| 0.041, mean 0.0052",
		"best (*): bertvec extract --batch 256 --workers 2 --threads 1 --precision bf16  (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
