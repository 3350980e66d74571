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
