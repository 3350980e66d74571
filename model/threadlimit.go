package model

import "fmt"

// Upper bounds of the thread plan. Past them a run only oversubscribes
// the cores (intra-op and BLAS threads that spin waiting for one another)
// or, for workers, multiplies memory (each worker holds a forward's
// tensors and a batch buffer) until the process dies: 100000 workers did.
// Four per core leaves room for hyper-threads and I/O-bound stalls.
const (
	threadsPerCPU = 4
	maxThreads    = 256 // libtorch's and OpenBLAS's pools are not built for more
	maxGPUWorkers = 16  // batches queued per GPU; more only hold memory
)

// MaxThreads is the most intra-op or BLAS threads accepted on cpus cores.
func MaxThreads(cpus int) int { return min(maxThreads, threadsPerCPU*max(1, cpus)) }

// MaxWorkers is the most concurrent batches accepted on device d.
func MaxWorkers(d Device, cpus int) int {
	if d.Kind == CUDA {
		return maxGPUWorkers
	}
	return threadsPerCPU * max(1, cpus)
}

// ThreadLimitError reports a thread or worker count outside 1..Max. It
// wraps ErrThreads; the command line maps What to its flag.
type ThreadLimitError struct {
	What string // "threads", "BLAS threads" or "workers"
	N    int
	Max  int
	CPUs int
}

func (e *ThreadLimitError) Error() string {
	if e.N < 1 {
		return fmt.Sprintf("%v: %d %s: want at least 1", ErrThreads, e.N, e.What)
	}
	return fmt.Sprintf("%v: %d %s: at most %d on this machine (%d CPU cores)", ErrThreads, e.N, e.What, e.Max, e.CPUs)
}

func (e *ThreadLimitError) Unwrap() error { return ErrThreads }

func checkCount(what string, n, most, cpus int) error {
	if n < 1 || n > most {
		return &ThreadLimitError{What: what, N: n, Max: most, CPUs: cpus}
	}
	return nil
}

// CheckThreads checks an intra-op thread count on cpus cores.
func CheckThreads(n, cpus int) error { return checkCount("threads", n, MaxThreads(cpus), cpus) }

// CheckBLASThreads checks an OpenBLAS thread count on cpus cores.
func CheckBLASThreads(n, cpus int) error {
	return checkCount("BLAS threads", n, MaxThreads(cpus), cpus)
}

// CheckWorkers checks the number of concurrent batches on device d.
func CheckWorkers(d Device, n, cpus int) error {
	return checkCount("workers", n, MaxWorkers(d, cpus), cpus)
}
