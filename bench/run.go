package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/bertvec/bertvec/internal/genckpt"
	"github.com/bertvec/bertvec/model"
)

// ErrOptions: options that cannot be run (no settings, 0 repetitions).
var ErrOptions = errors.New("bad bench options")

// Options configure Run.
type Options struct {
	Model    string         // checkpoint directory; "" generates a BERT-base-shaped one in CacheDir
	CacheDir string         // where the generated checkpoint is kept between runs
	Devices  []model.Device // one model copy on each
	Settings []Setting
	Layer    int           // layer kept, 1..N; 0 or -1: the last
	IDs      int           // ids per repetition; 0: enough for Target
	Reps     int           // repetitions per setting
	Target   time.Duration // length of a repetition when IDs is 0 (default 10 s)
	PeakTime time.Duration // GEMM time per peak measurement (default 2 s)
	Compare  bool          // also time the generic forward and the per-id method
	// Precision of the linear layers; anything but FP32 also measures the
	// vectors' error against fp32's on ErrorIDs ids (default 1024).
	Precision model.Precision
	ErrorIDs  int
	PerID     int       // ids in the per-id sample (default 64)
	Exec      Exec      // how jobs run (default InProcess)
	Log       io.Writer // progress lines (nil: none)
}

// Run measures the roofline, then every setting, and returns the report.
func Run(ctx context.Context, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	for _, d := range o.Devices {
		if err := model.CheckDevice(d); err != nil {
			return nil, err
		}
	}
	dir, err := o.modelDir()
	if err != nil {
		return nil, err
	}
	ck, err := model.Inspect(dir, model.WeightsAuto)
	if err != nil {
		return nil, err
	}
	if o.Layer > ck.Config.NumHiddenLayers {
		return nil, fmt.Errorf("%w: layer %d: the model has layers 0 to %d", model.ErrLayer, o.Layer, ck.Config.NumHiddenLayers)
	}
	shape := ShapeOf(ck.Config, o.Layer)
	rt := model.Runtime()
	r := &Report{Device: deviceNames(o.Devices), Cores: runtime.NumCPU(), Libtorch: rt.Version,
		FLOPsPerID: FLOPsPerID(shape), Model: filepath.Base(dir), Vocab: ck.Config.VocabSize}
	base := Job{Model: dir, Devices: deviceStrings(o.Devices), Layer: o.Layer, Reps: o.Reps, IDs: o.IDs, Target: o.Target.Seconds(), Precision: o.Precision}
	if o.Precision != model.FP32 {
		r.Precision = o.Precision.String()
	}

	peak, err := o.timeSettings(ctx, base, shape, r)
	if err != nil {
		return nil, err
	}
	r.PeakGFLOPS, r.PeakPlan = peak.rate/1e9, peak.plan
	r.BoundIDsPerS = Bound(peak.rate, r.FLOPsPerID)
	for i := range r.Results {
		r.Results[i].Efficiency = Efficiency(r.Results[i].IDsPerS, r.FLOPsPerID, peak.rate)
	}
	markBest(r.Results)
	if o.Precision != model.FP32 {
		if r.Error, err = o.precisionError(ctx, base); err != nil {
			return nil, err
		}
	}
	if o.Compare {
		if r.Compare, err = o.compare(ctx, base, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// timeSettings times every setting into r.Results and returns the peak.
// The peak is measured before every setting and after the last, and the
// highest figure kept: on a shared machine other work can only make a
// measurement slower, and a peak taken once could catch a busier moment
// than the settings it is compared with.
func (o *Options) timeSettings(ctx context.Context, base Job, shape Shape, r *Report) (peakResult, error) {
	var peak peakResult
	for i := 0; i <= len(o.Settings); i++ {
		p, err := o.peak(ctx, base, shape)
		if err != nil {
			return peak, err
		}
		if p.rate > peak.rate {
			peak = p
		}
		if i == len(o.Settings) {
			break
		}
		s := o.Settings[i]
		o.logf("timing %s: %d repetitions", s.Flags(), o.Reps)
		j := base
		j.Kind, j.Setting = KindFast, s
		m, err := o.Exec(ctx, j)
		if err != nil {
			return peak, err
		}
		res := summarise(s, m.Rates, r.FLOPsPerID, 0, r.Vocab)
		res.MSPerBatch, res.PeakRSSBytes, res.GPUBytes = m.MSPerBatch, m.PeakRSS, m.GPUBytes
		r.Results = append(r.Results, res)
	}
	return peak, nil
}

func (o *Options) defaults() error {
	if len(o.Settings) == 0 {
		return fmt.Errorf("%w: no settings to time", ErrOptions)
	}
	for _, s := range o.Settings {
		if s.Batch < 1 || s.Workers < 1 || s.Threads < 1 {
			return fmt.Errorf("%w: %s: every value must be 1 or more", ErrOptions, s.Flags())
		}
	}
	if o.Reps < 1 || o.IDs < 0 || o.PerID < 0 {
		return fmt.Errorf("%w: %d repetitions of %d ids: want at least 1 repetition and ids ≥ 0", ErrOptions, o.Reps, o.IDs)
	}
	if o.Layer <= 0 {
		o.Layer = -1 // the embedding output (extract's --layer 0) has no forward to time
	}
	if len(o.Devices) == 0 {
		o.Devices = []model.Device{{Kind: model.CPU}}
	}
	if o.Target <= 0 {
		o.Target = 10 * time.Second
	}
	if o.PeakTime <= 0 {
		o.PeakTime = 2 * time.Second
	}
	if o.PerID == 0 {
		o.PerID = 64
	}
	if o.Exec == nil {
		o.Exec = InProcess
	}
	return nil
}

func (o *Options) logf(format string, a ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", a...)
	}
}

// modelDir is Model, or the generated BERT-base-shaped checkpoint, made
// once in CacheDir: the stamp file is written last, so a cut-short
// generation is redone.
func (o *Options) modelDir() (string, error) {
	if o.Model != "" {
		return o.Model, nil
	}
	spec := genckpt.BERTBase()
	dir := filepath.Join(o.CacheDir, fmt.Sprintf("bert-base-random-v%d-seed%d", spec.Vocab, spec.Seed))
	stamp := filepath.Join(dir, ".complete")
	if _, err := os.Stat(stamp); err == nil {
		return dir, nil
	}
	if o.CacheDir == "" {
		return "", fmt.Errorf("%w: no model and no cache directory to generate one in", ErrOptions)
	}
	o.logf("generating a BERT-base-shaped random checkpoint (%d parameters) in %s", spec.Params(), dir)
	if err := genckpt.Generate(dir, spec); err != nil {
		return "", err
	}
	return dir, os.WriteFile(stamp, nil, 0o644)
}

type peakResult struct {
	rate float64
	plan string
}

// peak measures the GEMM rate of the model's shapes at the largest batch
// timed, with every core busy: as many single-threaded workers as cores,
// and one worker with as many threads (on a GPU, one worker per device).
// It keeps the faster.
func (o *Options) peak(ctx context.Context, base Job, shape Shape) (peakResult, error) {
	rows := 0
	for _, s := range o.Settings {
		rows = max(rows, seq*s.Batch)
	}
	cores := runtime.NumCPU()
	plans := []Setting{{Batch: rows / seq, Workers: cores, Threads: 1}}
	if cores > 1 {
		plans = append(plans, Setting{Batch: rows / seq, Workers: 1, Threads: cores})
	}
	if !slices.ContainsFunc(o.Devices, func(d model.Device) bool { return d.Kind == model.CPU }) {
		plans = []Setting{{Batch: rows / seq, Workers: 1, Threads: 1}}
	}
	var best peakResult
	for _, p := range plans {
		j := base
		j.Kind, j.Setting, j.GEMMs, j.MinTime = KindGEMM, p, PeakGEMMs(shape, rows, o.Precision), o.PeakTime.Seconds()
		o.logf("measuring the GEMM peak: %d rows, %d worker(s) x %d thread(s)", rows, p.Workers, p.Threads)
		m, err := o.Exec(ctx, j)
		if err != nil {
			return best, err
		}
		if m.FLOPS > best.rate {
			best = peakResult{m.FLOPS, fmt.Sprintf("model shapes at %d rows, %d worker(s) x %d thread(s) per device", rows, p.Workers, p.Threads)}
		}
	}
	return best, nil
}

// compare times the generic forward at the best setting and the per-id
// method on a sample, next to a fresh run of the fast path.
func (o *Options) compare(ctx context.Context, base Job, r *Report) (*Comparison, error) {
	best, _ := r.Best()
	c := &Comparison{Setting: best.Setting}
	// Each is the median of --reps runs, like the settings: one run on a
	// shared machine can be off by a factor of two.
	run := func(kind string, s Setting, ids int) (float64, error) {
		j := base
		j.Kind, j.Setting = kind, s
		if ids > 0 {
			j.IDs = ids
		}
		o.logf("compare: %s, %s", kind, s.Flags())
		m, err := o.Exec(ctx, j)
		if err != nil || len(m.Rates) == 0 {
			return 0, err
		}
		return summarise(s, m.Rates, 0, 0, 0).IDsPerS, nil
	}
	var err error
	if c.FastIDsPerS, err = run(KindFast, best.Setting, 0); err != nil {
		return nil, err
	}
	if c.GenericIDsPerS, err = run(KindGeneric, best.Setting, 0); err != nil {
		return nil, err
	}
	c.PerIDSample = o.PerID
	c.PerIDIDsPerS, err = run(KindPerID, Setting{Batch: 1, Workers: 1, Threads: best.Threads}, o.PerID)
	return c, err
}

func deviceStrings(ds []model.Device) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

func deviceNames(ds []model.Device) string { return strings.Join(deviceStrings(ds), ",") }
