package search

import (
	"runtime"
	"sync"
)

// minRowsPerWorker keeps tiny scans on one goroutine, where starting
// workers would cost more than the scan.
const minRowsPerWorker = 2048

// workers is how many goroutines a scan of n rows uses.
func workers(n int) int {
	w := runtime.GOMAXPROCS(0)
	if m := n / minRowsPerWorker; m < w {
		w = m
	}
	return max(w, 1)
}

// parallelRows calls f(i, lo, hi) for worker i = 0..workers(n)-1 on
// contiguous slices [lo, hi) covering [0, n), and waits for them.
func parallelRows(n int, f func(i, lo, hi int)) {
	w := workers(n)
	if w == 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, i*n/w, (i+1)*n/w)
		}()
	}
	wg.Wait()
}
