package bench

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"testing"
)

func TestSummarise(t *testing.T) {
	r := summarise(Setting{256, 2, 1}, []float64{300, 280, 310}, 479_250_432, 180e9, 32000)
	if r.IDsPerS != 300 || r.IDsPerSMin != 280 || r.IDsPerSMax != 310 {
		t.Errorf("median/min/max = %v %v %v", r.IDsPerS, r.IDsPerSMin, r.IDsPerSMax)
	}
	if math.Abs(r.Efficiency-0.79875) > 1e-5 || math.Abs(r.FullVocabSec-32000.0/300) > 1e-9 {
		t.Errorf("efficiency %v, full vocabulary %v s", r.Efficiency, r.FullVocabSec)
	}
	if r := summarise(Setting{}, []float64{4, 1, 2, 3}, 1, 1, 1); r.IDsPerS != 2.5 {
		t.Errorf("even median = %v, want 2.5", r.IDsPerS)
	}
}

func sample() *Report {
	r := &Report{Device: "cpu", Cores: 2, Libtorch: "1.13.0", PeakGFLOPS: 180, FLOPsPerID: 479_250_432,
		BoundIDsPerS: 375.6, Model: "bert-base-random", Vocab: 32000, PeakPlan: "test"}
	r.Results = []Result{
		summarise(Setting{64, 2, 1}, []float64{250, 240, 260}, 479_250_432, 180e9, 32000),
		summarise(Setting{256, 2, 1}, []float64{300, 290, 305}, 479_250_432, 180e9, 32000),
	}
	r.Results[0].PeakRSSBytes, r.Results[1].PeakRSSBytes = 900<<20, 1<<30
	markBest(r.Results)
	return r
}

// TestJSONSchema: exactly the keys of the schema, no more.
func TestJSONSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	checkSchema(t, buf.Bytes())
}

func checkSchema(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if got := keys(top); !slices.Equal(got, []string{"bound_ids_per_s", "cores", "device", "flops_per_id", "libtorch", "peak_gflops", "results"}) {
		t.Errorf("top-level keys %v", got)
	}
	rs, _ := top["results"].([]any)
	if len(rs) == 0 {
		t.Fatalf("no results in %s", data)
	}
	best := 0
	for _, x := range rs {
		m := x.(map[string]any)
		if got := keys(m); !slices.Equal(got, []string{"batch", "best", "efficiency", "ids_per_s", "ids_per_s_max", "ids_per_s_min", "peak_rss_bytes", "threads", "workers"}) {
			t.Errorf("result keys %v", got)
		}
		if m["best"] == true {
			best++
		}
	}
	if best != 1 {
		t.Errorf("%d results marked best, want 1", best)
	}
	return top
}

func keys(m map[string]any) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	slices.Sort(k)
	return k
}
