//go:build cgo && !nolibtorch

package model

// What the C passes (attend_cpu.c, eltwise_cpu.c) share on the Go side.

/*
int at_get_num_threads();
*/
import "C"

import (
	"sync"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// intraOpThreads is libtorch's intra-op thread count on the calling
// thread: the parallelism libtorch's own elementwise ops would use there.
func intraOpThreads() int64 { return int64(C.at_get_num_threads()) }

// splitRows runs f over [0, rows) in at most threads contiguous parts,
// one goroutine each (inline when there is one), for the C passes.
func splitRows(rows, threads int64, f func(lo, hi int64)) {
	n := min(threads, rows)
	if n <= 1 {
		f(0, rows)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		lo, hi := rows*i/n, rows*(i+1)/n
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}

// floats returns t's data when it is a contiguous float32 tensor. The
// callers check that the model is on the CPU (gotch's Tensor.Device
// misreports the CPU's index, so it is not asked here).
func floats(t *ts.Tensor) (*C.float, bool) {
	if t == nil || t.DType() != gotch.Float {
		return nil, false
	}
	if c, err := t.IsContiguous(); err != nil || !c {
		return nil, false
	}
	p, err := t.DataPtr()
	if err != nil {
		return nil, false
	}
	return (*C.float)(p), true
}
