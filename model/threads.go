package model

// CPU thread plan. Measured on a 2-core machine with OpenBLAS (README,
// "Choosing the defaults"): one worker per core, each running its forward
// passes single-threaded (libtorch intra-op 1, OpenBLAS 1), beat one worker
// with a 2-thread BLAS by about a third: the elementwise ops (GELU,
// LayerNorm, attention) run in parallel too, and no thread pool spins
// waiting for another.

// DefaultWorkers is the number of concurrent batches to run on d.
func DefaultWorkers(d Device, cpus int) int {
	if d.Kind == CUDA {
		return 2 // one batch on the GPU while the next is prepared
	}
	return max(1, cpus)
}

// DefaultBLASThreads shares the cpus among the workers running on the CPU.
func DefaultBLASThreads(cpuWorkers, cpus int) int {
	if cpuWorkers <= 0 {
		return max(1, cpus)
	}
	return max(1, cpus/cpuWorkers)
}

// ThreadPlan is how extract runs on a set of devices: the concurrent
// batches (workers) on each, and OpenBLAS's threads per forward.
type ThreadPlan struct {
	Workers     []int // per device, in the order given
	BLASThreads int
}

// PlanThreads is the one thread plan extract uses. workers and blas are
// the user's choices, 0 for the defaults: DefaultWorkers per device, and
// the cores shared among the workers that run on the CPU (a CUDA worker
// leaves the CPU to BLAS).
func PlanThreads(devs []Device, workers, blas, cpus int) ThreadPlan {
	p := ThreadPlan{Workers: make([]int, len(devs)), BLASThreads: blas}
	cpuWorkers := 0
	for i, d := range devs {
		p.Workers[i] = workers
		if workers <= 0 {
			p.Workers[i] = DefaultWorkers(d, cpus)
		}
		if d.Kind == CPU {
			cpuWorkers += p.Workers[i]
		}
	}
	if blas <= 0 {
		p.BLASThreads = DefaultBLASThreads(cpuWorkers, cpus)
	}
	return p
}
