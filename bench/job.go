package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/bertvec/bertvec/model"
)

// What a job times.
const (
	KindFast    = "fast"    // Encoder.Dynamic: bertvec's extraction path
	KindGeneric = "generic" // Encoder.HiddenStates on [CLS] id [SEP] rows: no fast path
	KindPerID   = "perid"   // the generic forward on one id at a time (the article's method)
	KindGEMM    = "gemm"    // model.GEMMRate: the roofline
	KindError   = "error"   // Job.Precision's vectors against fp32's on a sample
)

// Job is one measurement, self-contained so that it can run in a fresh
// process: thread counts only take effect before libtorch's first op, and
// peak RSS is a whole-process figure.
type Job struct {
	Kind    string
	Model   string   // checkpoint directory
	Devices []string // one model copy per device
	Setting
	Layer   int     // -1: the last
	IDs     int     // per repetition; 0: enough for Target seconds
	Reps    int     // repetitions
	Target  float64 // seconds per repetition when IDs is 0
	GEMMs   []model.GEMM
	MinTime float64 // seconds of GEMMs per worker (KindGEMM)
	// Precision of the linear layers (KindFast, KindGeneric, KindPerID,
	// KindError).
	Precision model.Precision `json:",omitempty"`
}

// Measurement is what a job found.
type Measurement struct {
	Rates      []float64 // ids/s of each repetition
	IDs        int       // ids per repetition
	MSPerBatch float64
	PeakRSS    int64 // bytes, the process's peak resident set
	GPUBytes   int64 // GPU memory in use at the end, all devices (CUDA only)
	FLOPS      float64
	Error      *ErrorStats `json:",omitempty"` // KindError
}

// Exec runs a job and returns its measurement.
type Exec func(ctx context.Context, j Job) (Measurement, error)

// InProcess runs jobs in this process. Thread counts then only apply to
// threads that have not yet run a libtorch op, and peak RSS is the
// process's so far: use Child for a clean measurement of each setting.
func InProcess(ctx context.Context, j Job) (Measurement, error) { return runJob(ctx, j) }

// Child runs each job in a fresh process started as argv (a command that
// calls ServeChild), passing the job on stdin and reading the measurement
// from stdout.
func Child(argv ...string) Exec {
	return func(ctx context.Context, j Job) (Measurement, error) {
		in, err := json.Marshal(j)
		if err != nil {
			return Measurement{}, err
		}
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Stdin = bytes.NewReader(in)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			if ctx.Err() != nil {
				return Measurement{}, ctx.Err()
			}
			return Measurement{}, fmt.Errorf("%s job %s: %w: %s", j.Kind, j.Flags(), err, lastLine(errOut.String()))
		}
		var m Measurement
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			return Measurement{}, fmt.Errorf("%s job %s: reading its result: %w", j.Kind, j.Flags(), err)
		}
		return m, nil
	}
}

// ServeChild reads one Job from r, runs it and writes its Measurement to w.
func ServeChild(ctx context.Context, r io.Reader, w io.Writer) error {
	var j Job
	if err := json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&j); err != nil {
		return fmt.Errorf("bench job: %w", err)
	}
	m, err := runJob(ctx, j)
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(m)
}

func lastLine(s string) string {
	var last string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			last = t
		}
	}
	return last
}

// lane is one worker: a device index into the loaded models.
type lane struct{ dev int }

// plan lays out the workers: workers per device, one model copy per
// device, lanes of a device next to each other.
func plan(devs []model.Device, workers int) []lane {
	var out []lane
	for d := range devs {
		for range workers {
			out = append(out, lane{dev: d})
		}
	}
	return out
}
