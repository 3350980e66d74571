//go:build cgo && !nolibtorch

package model

/*
int at_get_num_threads();
*/
import "C"

import "sync"

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
