package bench

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bertvec/bertvec/model"
)

// forwardFunc runs one batch of ids on one worker.
type forwardFunc func(ctx context.Context, ids []int32) error

func runJob(ctx context.Context, j Job) (Measurement, error) {
	if j.Batch < 1 || j.Workers < 1 || j.Threads < 1 || j.Reps < 1 && j.Kind != KindGEMM {
		return Measurement{}, fmt.Errorf("%w: %s, %d repetitions", ErrGrid, j.Flags(), j.Reps)
	}
	devs, err := parseDevices(j.Devices)
	if err != nil {
		return Measurement{}, err
	}
	for _, d := range devs {
		if err := model.CheckDevice(d); err != nil {
			return Measurement{}, err
		}
	}
	// extract's thread plan: OpenBLAS gets the cores the CPU workers leave.
	if err := model.SetThreads(j.Threads); err != nil {
		return Measurement{}, err
	}
	if _, err := model.SetBLASThreads(model.PlanThreads(devs, j.Workers, 0, runtime.NumCPU()).BLASThreads); err != nil {
		return Measurement{}, err
	}
	switch j.Kind {
	case KindGEMM:
		return gemmJob(ctx, j, devs)
	case KindError:
		return errorJob(ctx, j, devs[0])
	}
	encs := make([]*model.Encoder, 0, len(devs))
	defer func() {
		for _, e := range encs {
			e.Close()
		}
	}()
	for _, d := range devs {
		e, err := model.Load(ctx, j.Model, model.WithDevice(d), model.WithLayer(j.Layer), model.WithThreads(j.Threads), model.WithPrecision(j.Precision))
		if err != nil {
			return Measurement{}, err
		}
		encs = append(encs, e)
	}
	lanes := plan(devs, j.Workers)
	fwds := make([]forwardFunc, len(lanes))
	for i, l := range lanes {
		if fwds[i], err = newForward(j.Kind, encs[l.dev], j.Batch); err != nil {
			return Measurement{}, err
		}
	}
	return timeReps(ctx, j, devs, fwds, encs[0].VocabSize())
}

// newForward makes one worker's forward of kind on e, with its own buffers.
func newForward(kind string, e *model.Encoder, batch int) (forwardFunc, error) {
	switch kind {
	case KindFast:
		dst := make([]float32, batch*e.Hidden())
		return func(ctx context.Context, ids []int32) error {
			return e.Dynamic(ctx, dst[:len(ids)*e.Hidden()], ids)
		}, nil
	case KindGeneric, KindPerID:
		sp := e.Checkpoint().Vocab.Specials()
		rows := make([][]int32, batch)
		for i := range rows {
			rows[i] = []int32{int32(sp.CLS), 0, int32(sp.SEP)}
		}
		return func(ctx context.Context, ids []int32) error {
			for i, id := range ids {
				rows[i][1] = id
			}
			_, err := e.HiddenStates(ctx, rows[:len(ids)], nil, e.Layer())
			return err
		}, nil
	}
	return nil, fmt.Errorf("bench: unknown job kind %q", kind)
}

// timeReps warms every worker up with one batch, sizes the repetitions,
// and times them.
func timeReps(ctx context.Context, j Job, devs []model.Device, fwds []forwardFunc, vocab int) (Measurement, error) {
	var m Measurement
	per := j.Batch * len(fwds)
	warm, _, err := pass(ctx, devs, fwds, j.Batch, per, vocab)
	if err != nil {
		return m, err
	}
	m.IDs = j.IDs
	if m.IDs == 0 { // enough for Target seconds, in whole rounds of batches
		rounds := math.Ceil(j.Target / max(warm.Seconds(), 1e-6))
		m.IDs = per * int(max(1, min(rounds, 1e6)))
	}
	var spent time.Duration
	calls := 0
	for range j.Reps {
		wall, busy, err := pass(ctx, devs, fwds, j.Batch, m.IDs, vocab)
		if err != nil {
			return m, err
		}
		m.Rates = append(m.Rates, float64(m.IDs)/wall.Seconds())
		spent += busy
		calls += (m.IDs + j.Batch - 1) / j.Batch
	}
	m.MSPerBatch = spent.Seconds() * 1000 / float64(calls)
	m.PeakRSS = peakRSS()
	m.GPUBytes = gpuBytes(devs)
	return m, nil
}

// pass runs total ids in batches over the workers and returns the wall
// time and the summed time of the forward calls. Ids cycle through the
// vocabulary. Devices are synchronised before the clock starts and stops.
func pass(ctx context.Context, devs []model.Device, fwds []forwardFunc, batch, total, vocab int) (wall, busy time.Duration, err error) {
	if err := syncAll(devs); err != nil {
		return 0, 0, err
	}
	batches := int64((total + batch - 1) / batch)
	var next, busyNS atomic.Int64
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for _, f := range fwds {
		wg.Go(func() {
			ids := make([]int32, batch)
			for k := next.Add(1) - 1; k < batches; k = next.Add(1) - 1 {
				n := min(batch, total-int(k)*batch)
				for i := range n {
					ids[i] = int32((int(k)*batch + i) % vocab)
				}
				t := time.Now()
				if e := f(ctx, ids[:n]); e != nil {
					once.Do(func() { err = e })
					next.Store(batches)
					return
				}
				busyNS.Add(int64(time.Since(t)))
			}
		})
	}
	wg.Wait()
	if err != nil {
		return 0, 0, err
	}
	if err := syncAll(devs); err != nil {
		return 0, 0, err
	}
	return time.Since(start), time.Duration(busyNS.Load()), nil
}

// gemmJob runs Workers concurrent GEMM loops per device and sums their rates.
func gemmJob(ctx context.Context, j Job, devs []model.Device) (Measurement, error) {
	lanes := plan(devs, j.Workers)
	rates := make([]float64, len(lanes))
	errs := make([]error, len(lanes))
	var wg sync.WaitGroup
	for i, l := range lanes {
		wg.Go(func() {
			rates[i], errs[i] = model.GEMMRate(ctx, devs[l.dev], j.GEMMs, time.Duration(j.MinTime*float64(time.Second)))
		})
	}
	wg.Wait()
	var m Measurement
	for i := range lanes {
		if errs[i] != nil {
			return m, errs[i]
		}
		m.FLOPS += rates[i]
	}
	m.PeakRSS = peakRSS()
	return m, nil
}

func syncAll(devs []model.Device) error {
	for _, d := range devs {
		if err := model.Synchronize(d); err != nil {
			return err
		}
	}
	return nil
}

func gpuBytes(devs []model.Device) int64 {
	var n int64
	for _, d := range devs {
		if d.Kind == model.CUDA {
			if b, err := model.GPUMemoryInUse(d); err == nil {
				n += b
			}
		}
	}
	return n
}

func parseDevices(names []string) ([]model.Device, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no device", model.ErrDevice)
	}
	devs := make([]model.Device, len(names))
	for i, n := range names {
		d, err := model.ParseDevice(n)
		if err != nil {
			return nil, err
		}
		devs[i] = d
	}
	return devs, nil
}
