package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/bertvec/bertvec/bench"
)

// writeBenchTable writes a bench report as the CLI's table: the roofline,
// one line per setting, the best setting's extract flags and, with
// --compare, the slower ways to the same vectors. --json writes
// bench.Report's own JSON instead.
func writeBenchTable(w io.Writer, r *bench.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "device %s, %d cores, libtorch %s; model %s (%d ids)\n", r.Device, r.Cores, r.Libtorch, r.Model, r.Vocab)
	prec := "fp32"
	if r.Precision != "" {
		prec = r.Precision
	}
	fmt.Fprintf(&b, "roofline: %s GEMM %.1f GFLOP/s (%s)\n", prec, r.PeakGFLOPS, r.PeakPlan)
	fmt.Fprintf(&b, "          %.1f MFLOP per id on bertvec's path -> at most %.0f ids/s, %s for %d ids\n",
		r.FLOPsPerID/1e6, r.BoundIDsPerS, benchDuration(float64(r.Vocab)/r.BoundIDsPerS), r.Vocab)
	fmt.Fprintf(&b, "\n%5s %7s %7s  %-22s %9s %9s %9s %10s\n", "batch", "workers", "threads", "ids/s median (min-max)", "ms/batch", "peak RSS", "all ids", "efficiency")
	for _, x := range r.Results {
		writeBenchRow(&b, x)
	}
	if e := r.Error; e != nil {
		fmt.Fprintf(&b, "\n%s against fp32 on the same %d ids: max |difference| %.2g, mean %.2g\n", prec, e.IDs, e.MaxAbs, e.MeanAbs)
	}
	if best, ok := r.Best(); ok {
		flags := best.Flags()
		if r.Precision != "" {
			flags += " --precision " + r.Precision
		}
		fmt.Fprintf(&b, "\nbest (*): bertvec extract %s  (%.1f%% of the GEMM roofline)\n", flags, 100*best.Efficiency)
	}
	if c := r.Compare; c != nil {
		fmt.Fprintf(&b, "\ncompare, %s:\n", c.Setting.Flags())
		fmt.Fprintf(&b, "  bertvec's path           %8.1f ids/s\n", c.FastIDsPerS)
		fmt.Fprintf(&b, "  generic batched forward  %8.1f ids/s  (bertvec's path is %.2fx faster)\n", c.GenericIDsPerS, benchRatio(c.FastIDsPerS, c.GenericIDsPerS))
		fmt.Fprintf(&b, "  one id per forward       %8.1f ids/s  (%d-id sample; bertvec's path is %.1fx faster, %s for all ids)\n",
			c.PerIDIDsPerS, c.PerIDSample, benchRatio(c.FastIDsPerS, c.PerIDIDsPerS), benchDuration(float64(r.Vocab)/c.PerIDIDsPerS))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeBenchRow writes one setting's line; the best is marked " *".
func writeBenchRow(b *strings.Builder, x bench.Result) {
	rate := fmt.Sprintf("%.0f (%.0f-%.0f)", x.IDsPerS, x.IDsPerSMin, x.IDsPerSMax)
	rss := benchBytes(x.PeakRSSBytes)
	if x.GPUBytes > 0 {
		rss += " +" + benchBytes(x.GPUBytes) + " GPU"
	}
	mark := ""
	if x.Best {
		mark = " *"
	}
	fmt.Fprintf(b, "%5d %7d %7d  %-22s %9.0f %9s %9s %9.1f%%%s\n", x.Batch, x.Workers, x.Threads, rate, x.MSPerBatch, rss, benchDuration(x.FullVocabSec), 100*x.Efficiency, mark)
}

func benchRatio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// benchBytes prints a byte count as "900 MB" or "1.00 GB", "-" for none.
func benchBytes(n int64) string {
	if n <= 0 {
		return "-"
	}
	if n < 1<<30 {
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
}

// benchDuration prints seconds as "85 s", "12.5 min" or "2.1 h".
func benchDuration(sec float64) string {
	switch {
	case sec <= 0 || sec != sec:
		return "-"
	case sec < 120:
		return fmt.Sprintf("%.0f s", sec)
	case sec < 7200:
		return fmt.Sprintf("%.1f min", sec/60)
	}
	return fmt.Sprintf("%.1f h", sec/3600)
}
