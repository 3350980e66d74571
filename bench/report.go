package bench

import (
	"encoding/json"
	"io"
	"slices"
	"sort"
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
	// Precision and Error appear only for a reduced precision
	// (--precision bf16): plain fp32 runs print exactly the fields above.
	Precision string      `json:"precision,omitempty"`
	Error     *ErrorStats `json:"error_vs_fp32,omitempty"`

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

// ErrorStats compares a reduced precision's vectors with fp32's on the
// same ids: the largest and the mean absolute difference of any value.
type ErrorStats struct {
	MaxAbs  float64 `json:"max_abs"`
	MeanAbs float64 `json:"mean_abs"`
	IDs     int     `json:"ids"`
}
