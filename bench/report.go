package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Report is what a bench run found. Its JSON form is the schema of
// `bertvec bench --json`, field for field; the fields tagged "-" are
// printed in the table only.
type Report struct {
	Device       string   `json:"device"`
	Cores        int      `json:"cores"`
	Libtorch     string   `json:"libtorch"`
	PeakGFLOPS   float64  `json:"peak_gflops"`
	FLOPsPerID   float64  `json:"flops_per_id"`
	BoundIDsPerS float64  `json:"bound_ids_per_s"`
	Results      []Result `json:"results"`

	Model    string      `json:"-"` // directory name, or the generated model's
	Vocab    int         `json:"-"` // ids in the full vocabulary
	PeakPlan string      `json:"-"` // how the peak was measured
	Compare  *Comparison `json:"-"`
}

// Result is one setting's measurement.
type Result struct {
	Setting
	IDsPerS      float64 `json:"ids_per_s"` // median over the repetitions
	IDsPerSMin   float64 `json:"ids_per_s_min"`
	IDsPerSMax   float64 `json:"ids_per_s_max"`
	Efficiency   float64 `json:"efficiency"`
	PeakRSSBytes int64   `json:"peak_rss_bytes"`
	Best         bool    `json:"best"`

	MSPerBatch   float64 `json:"-"` // mean time of one forward of Batch ids
	GPUBytes     int64   `json:"-"` // GPU memory in use after the runs (CUDA only)
	FullVocabSec float64 `json:"-"` // projected time for every id of the vocabulary
}

// MarshalJSON flattens Setting into the result object.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain struct {
		Batch        int     `json:"batch"`
		Workers      int     `json:"workers"`
		Threads      int     `json:"threads"`
		IDsPerS      float64 `json:"ids_per_s"`
		IDsPerSMin   float64 `json:"ids_per_s_min"`
		IDsPerSMax   float64 `json:"ids_per_s_max"`
		Efficiency   float64 `json:"efficiency"`
		PeakRSSBytes int64   `json:"peak_rss_bytes"`
		Best         bool    `json:"best"`
	}
	return json.Marshal(plain{r.Batch, r.Workers, r.Threads, r.IDsPerS, r.IDsPerSMin, r.IDsPerSMax, r.Efficiency, r.PeakRSSBytes, r.Best})
}

// Comparison times the slower ways to the same vectors on this machine.
type Comparison struct {
	PerIDIDsPerS   float64 // one [CLS] id [SEP] forward per id (the article's method)
	PerIDSample    int     // ids it was timed on
	GenericIDsPerS float64 // batched generic forward, no fast path, best setting
	FastIDsPerS    float64 // bertvec's path, best setting (same run)
	Setting        Setting
}

// summarise fills a result from its repetitions' rates.
func summarise(s Setting, rates []float64, flopsPerID, peak float64, vocab int) Result {
	r := Result{Setting: s}
	if len(rates) == 0 {
		return r
	}
	sorted := slices.Clone(rates)
	sort.Float64s(sorted)
	n := len(sorted)
	r.IDsPerS = sorted[n/2]
	if n%2 == 0 {
		r.IDsPerS = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	r.IDsPerSMin, r.IDsPerSMax = sorted[0], sorted[n-1]
	r.Efficiency = Efficiency(r.IDsPerS, flopsPerID, peak)
	if r.IDsPerS > 0 {
		r.FullVocabSec = float64(vocab) / r.IDsPerS
	}
	return r
}

// markBest flags the result with the highest median ids/s.
func markBest(rs []Result) {
	best := -1
	for i := range rs {
		rs[i].Best = false
		if best < 0 || rs[i].IDsPerS > rs[best].IDsPerS {
			best = i
		}
	}
	if best >= 0 {
		rs[best].Best = true
	}
}

// Best returns the best result (false when there are none).
func (r *Report) Best() (Result, bool) {
	for _, x := range r.Results {
		if x.Best {
			return x, true
		}
	}
	return Result{}, false
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the roofline, one line per setting, and the best
// setting's flags.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "device %s, %d cores, libtorch %s; model %s (%d ids)\n", r.Device, r.Cores, r.Libtorch, r.Model, r.Vocab)
	fmt.Fprintf(&b, "roofline: fp32 GEMM %.1f GFLOP/s (%s)\n", r.PeakGFLOPS, r.PeakPlan)
	fmt.Fprintf(&b, "          %.1f MFLOP per id on bertvec's path -> at most %.0f ids/s, %s for %d ids\n",
		r.FLOPsPerID/1e6, r.BoundIDsPerS, duration(float64(r.Vocab)/r.BoundIDsPerS), r.Vocab)
	fmt.Fprintf(&b, "\n%5s %7s %7s  %-22s %9s %9s %9s %10s\n", "batch", "workers", "threads", "ids/s median (min-max)", "ms/batch", "peak RSS", "all ids", "efficiency")
	for _, x := range r.Results {
		rate := fmt.Sprintf("%.0f (%.0f-%.0f)", x.IDsPerS, x.IDsPerSMin, x.IDsPerSMax)
		rss := gb(x.PeakRSSBytes)
		if x.GPUBytes > 0 {
			rss += " +" + gb(x.GPUBytes) + " GPU"
		}
		mark := ""
		if x.Best {
			mark = " *"
		}
		fmt.Fprintf(&b, "%5d %7d %7d  %-22s %9.0f %9s %9s %9.1f%%%s\n", x.Batch, x.Workers, x.Threads, rate, x.MSPerBatch, rss, duration(x.FullVocabSec), 100*x.Efficiency, mark)
	}
	if best, ok := r.Best(); ok {
		fmt.Fprintf(&b, "\nbest (*): bertvec extract %s  (%.1f%% of the GEMM roofline)\n", best.Flags(), 100*best.Efficiency)
	}
	if c := r.Compare; c != nil {
		fmt.Fprintf(&b, "\ncompare, %s:\n", c.Setting.Flags())
		fmt.Fprintf(&b, "  bertvec's path           %8.1f ids/s\n", c.FastIDsPerS)
		fmt.Fprintf(&b, "  generic batched forward  %8.1f ids/s  (bertvec's path is %.2fx faster)\n", c.GenericIDsPerS, ratio(c.FastIDsPerS, c.GenericIDsPerS))
		fmt.Fprintf(&b, "  one id per forward       %8.1f ids/s  (%d-id sample; bertvec's path is %.1fx faster, %s for all ids)\n",
			c.PerIDIDsPerS, c.PerIDSample, ratio(c.FastIDsPerS, c.PerIDIDsPerS), duration(float64(r.Vocab)/c.PerIDIDsPerS))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func gb(n int64) string {
	if n <= 0 {
		return "-"
	}
	if n < 1<<30 {
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
}

// duration prints seconds as "85 s", "12.5 min" or "2.1 h".
func duration(sec float64) string {
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
