package tsne

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkSize is the number of rows one unit of parallel work covers. Chunk
// boundaries depend only on the row count, never on the worker count, so a
// sum formed per chunk and then added up in chunk order is bit-for-bit the
// same on a 2-core laptop and a 64-core server.
const chunkSize = 64

// numChunks is how many chunks of chunkSize cover n rows.
func numChunks(n int) int { return (n + chunkSize - 1) / chunkSize }

// workerCount resolves a requested worker count: 0 or less means one per
// available CPU.
func workerCount(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// forChunks calls fn(c, lo, hi) for every chunk c covering rows [lo, hi) of
// [0, n), on up to workers goroutines. fn must write only to state owned by
// its rows or its chunk index.
func forChunks(n, workers int, fn func(c, lo, hi int)) {
	chunks := numChunks(n)
	workers = min(workerCount(workers), chunks)
	if workers <= 1 {
		for c := range chunks {
			fn(c, c*chunkSize, min(n, (c+1)*chunkSize))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				fn(c, c*chunkSize, min(n, (c+1)*chunkSize))
			}
		})
	}
	wg.Wait()
}
