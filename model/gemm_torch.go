//go:build cgo && !nolibtorch

package model

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// GEMMRate measures the sustained rate, in FLOP/s, at which libtorch
// multiplies matrices of the given shapes and precisions on d, laid out as a
// linear layer's are (x [M,K] times the transpose of a weight [N,K]). Each
// entry gets its own weight, so a list of every layer's GEMMs streams its
// weights from memory as a forward does; inputs and outputs are shared
// between entries of the same shape. It runs them in turn, on one locked OS thread with the process's thread settings, into
// preallocated outputs (so only the multiply is timed), for at least
// minTime after one untimed warm-up pass. On a GPU the device is
// synchronised before the clock starts and before it stops.
func GEMMRate(ctx context.Context, d Device, gemms []GEMM, minTime time.Duration) (rate float64, err error) {
	if len(gemms) == 0 {
		return 0, fmt.Errorf("%w: no GEMM shapes", ErrInput)
	}
	if err := CheckDevice(d); err != nil {
		return 0, err
	}
	defer guard(&err, "gemm")
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var s scope
	defer s.drop()
	dev := gotchDevice(d)
	type op struct{ a, b, out *ts.Tensor }
	ops := make([]op, len(gemms))
	shared := map[GEMM]op{}
	var per float64
	for i, g := range gemms {
		if g.M < 1 || g.K < 1 || g.N < 1 {
			return 0, fmt.Errorf("%w: GEMM %+v", ErrInput, g)
		}
		kind := gotch.Float
		if g.Precision == BF16 {
			kind = gotch.BFloat16
		}
		io, ok := shared[g]
		if !ok {
			io = op{
				a:   s.add(ts.Randn([]int64{int64(g.M), int64(g.K)}, kind, dev)),
				out: s.add(ts.Zeros([]int64{int64(g.M), int64(g.N)}, kind, dev)),
			}
			shared[g] = io
		}
		ops[i] = op{a: io.a, out: io.out, b: s.add(ts.Randn([]int64{int64(g.N), int64(g.K)}, kind, dev))}
		if s.ok() {
			ops[i].b = s.add(ops[i].b.Transpose(0, 1, false))
		}
		per += g.FLOPs()
	}
	if !s.ok() {
		return 0, fmt.Errorf("gemm: %w", s.err)
	}
	pass := func() {
		for _, o := range ops {
			if !s.ok() {
				return
			}
			r, err := o.a.MmOut(o.out, o.b, false)
			if err != nil {
				s.err = err
				return
			}
			r.MustDrop() // a second handle on o.out's storage
		}
	}
	pass() // warm-up: first-touch pages, BLAS buffers, CUDA kernels
	if err := Synchronize(d); err != nil {
		return 0, err
	}
	start, n := time.Now(), 0
	for s.ok() && (n == 0 || time.Since(start) < minTime) {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		pass()
		if err := Synchronize(d); err != nil {
			return 0, err
		}
		n++
	}
	if !s.ok() {
		return 0, fmt.Errorf("gemm: %w", s.err)
	}
	return per * float64(n) / time.Since(start).Seconds(), nil
}
