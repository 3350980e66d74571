//go:build cgo && !nolibtorch

package bench

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model"
)

const tiny = "../testdata/tiny-bert-ja"

func tinyOptions() Options {
	return Options{Model: tiny, Settings: Grid([]int{8, 32}, []int{1, 2}, []int{1}), IDs: 96, Reps: 2, PeakTime: 1e8}
}

// TestRunTiny runs the whole bench on the tiny model in this process and
// checks the report's numbers hang together and its JSON has the schema.
func TestRunTiny(t *testing.T) {
	o := tinyOptions()
	o.Compare, o.PerID = true, 8
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Vocab != 417 || r.Model != "tiny-bert-ja" || r.Device != "cpu" || r.Cores < 1 || r.Libtorch == "" {
		t.Errorf("report header %+v", r)
	}
	if r.PeakGFLOPS <= 0 || r.FLOPsPerID <= 0 || r.BoundIDsPerS <= 0 {
		t.Errorf("roofline %v GFLOP/s, %v FLOP/id, bound %v", r.PeakGFLOPS, r.FLOPsPerID, r.BoundIDsPerS)
	}
	if len(r.Results) != 4 {
		t.Fatalf("%d results, want 4", len(r.Results))
	}
	for _, x := range r.Results {
		if !(x.IDsPerSMin > 0 && x.IDsPerSMin <= x.IDsPerS && x.IDsPerS <= x.IDsPerSMax) {
			t.Errorf("%s: min %v median %v max %v", x.Flags(), x.IDsPerSMin, x.IDsPerS, x.IDsPerSMax)
		}
		if x.Efficiency <= 0 || x.PeakRSSBytes <= 0 || x.MSPerBatch < 0 || x.FullVocabSec <= 0 {
			t.Errorf("%s: efficiency %v, RSS %v, ms/batch %v, vocabulary %v s", x.Flags(), x.Efficiency, x.PeakRSSBytes, x.MSPerBatch, x.FullVocabSec)
		}
		if want := x.IDsPerS * r.FLOPsPerID / (r.PeakGFLOPS * 1e9); x.Efficiency != want {
			t.Errorf("efficiency %v, want %v", x.Efficiency, want)
		}
	}
	if c := r.Compare; c == nil || c.PerIDIDsPerS <= 0 || c.GenericIDsPerS <= 0 || c.FastIDsPerS <= 0 || c.PerIDSample != 8 {
		t.Errorf("compare %+v", r.Compare)
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	checkSchema(t, js.Bytes())
}

// TestRunChild runs each job in a fresh process (this test binary, as
// TestMain serves jobs): the path `bertvec bench` takes.
func TestRunChild(t *testing.T) {
	o := tinyOptions()
	o.Settings = o.Settings[:1]
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	o.Exec = Child(self, childArg)
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 1 || r.Results[0].IDsPerS <= 0 || !r.Results[0].Best || r.PeakGFLOPS <= 0 {
		t.Errorf("results %+v, peak %v", r.Results, r.PeakGFLOPS)
	}
	// A job that fails in the child comes back as an error with its reason.
	_, err = Child(self, childArg)(context.Background(), Job{Kind: KindFast, Model: "/nonexistent", Devices: []string{"cpu"}, Setting: Setting{1, 1, 1}, Reps: 1, IDs: 1})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent") {
		t.Errorf("failing child: %v", err)
	}
}

// TestRunErrors: what cannot run is refused before any work.
func TestRunErrors(t *testing.T) {
	o := tinyOptions()
	o.Devices = []model.Device{{Kind: model.CUDA, Index: 7}}
	if _, err := Run(context.Background(), o); !errors.Is(err, model.ErrNoCUDA) {
		t.Errorf("cuda:7: %v, want ErrNoCUDA", err)
	}
	for _, bad := range []func(*Options){
		func(o *Options) { o.Settings = nil },
		func(o *Options) { o.Reps = 0 },
		func(o *Options) { o.Settings = []Setting{{Batch: 0, Workers: 1, Threads: 1}} },
	} {
		o := tinyOptions()
		bad(&o)
		if _, err := Run(context.Background(), o); !errors.Is(err, ErrOptions) {
			t.Errorf("Run(%+v) = %v, want ErrOptions", o, err)
		}
	}
	o = tinyOptions()
	o.Layer = 99
	if _, err := Run(context.Background(), o); !errors.Is(err, model.ErrLayer) {
		t.Errorf("layer 99: %v", err)
	}
}

// TestGeneratedModel: without a model, the BERT-base-shaped checkpoint is
// generated once in the cache directory and reused.
func TestGeneratedModel(t *testing.T) {
	o := Options{CacheDir: t.TempDir()}
	dir, err := o.modelDir()
	if err != nil {
		t.Fatal(err)
	}
	ck, err := model.Inspect(dir, model.WeightsAuto)
	if err != nil || ck.Config.HiddenSize != 768 || ck.Config.NumHiddenLayers != 12 || ck.Config.VocabSize != 32000 {
		t.Fatalf("generated %v: %v", dir, err)
	}
	st, _ := os.Stat(ck.WeightsPath)
	again, err := o.modelDir()
	st2, _ := os.Stat(ck.WeightsPath)
	if err != nil || again != dir || !st.ModTime().Equal(st2.ModTime()) {
		t.Errorf("second call regenerated or moved it: %v %v", again, err)
	}
}

// TestRunBF16 benches bfloat16 products: the roofline and the timings use
// them, the report says so and adds the vectors' error against fp32,
// which must be small but not zero; the JSON gains exactly those two keys.
func TestRunBF16(t *testing.T) {
	o := tinyOptions()
	o.Settings, o.Precision, o.ErrorIDs = Grid([]int{16}, []int{1}, []int{1}), model.BF16, 200
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	e := r.Error
	if r.Precision != "bf16" || e == nil || e.IDs != 200 || !(e.MaxAbs > 0 && e.MaxAbs <= 0.25) || !(e.MeanAbs > 0 && e.MeanAbs <= e.MaxAbs) {
		t.Fatalf("precision %q, error %+v", r.Precision, e)
	}
	if len(r.Results) != 1 || r.Results[0].IDsPerS <= 0 || r.PeakGFLOPS <= 0 {
		t.Errorf("results %+v, peak %v", r.Results, r.PeakGFLOPS)
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"precision": "bf16"`, `"error_vs_fp32": {`, `"max_abs":`, `"mean_abs":`, `"ids": 200`} {
		if !strings.Contains(js.String(), k) {
			t.Errorf("JSON lacks %s:\n%s", k, js.String())
		}
	}
}
