//go:build cgo && !nolibtorch

package model

/*
#include <dlfcn.h>
#include <stddef.h>

// The CUDA runtime is reached at run time, not link time: a CPU-only
// libtorch has none, and a CUDA libtorch has already loaded it.
static int cuda_mem_in_use(int dev, size_t *used) {
	int (*get)(int *) = (int (*)(int *))dlsym(RTLD_DEFAULT, "cudaGetDevice");
	int (*set)(int) = (int (*)(int))dlsym(RTLD_DEFAULT, "cudaSetDevice");
	int (*info)(size_t *, size_t *) = (int (*)(size_t *, size_t *))dlsym(RTLD_DEFAULT, "cudaMemGetInfo");
	if (!get || !set || !info) return -1;
	int prev;
	if (get(&prev) != 0 || set(dev) != 0) return -2;
	size_t freeb = 0, total = 0;
	int rc = info(&freeb, &total);
	set(prev);
	if (rc != 0) return -2;
	*used = total - freeb;
	return 0;
}
*/
import "C"

import (
	"fmt"

	"github.com/sugarme/gotch/ts"
)

// Synchronize waits until d has finished its queued work; on the CPU, where
// every op has finished when it returns, it does nothing.
func Synchronize(d Device) error {
	if d.Kind == CPU {
		return nil
	}
	return ts.CudaSynchronize(d.Index)
}

// GPUMemoryInUse is the memory in use on CUDA device d, in bytes, as the
// CUDA runtime reports it (cudaMemGetInfo: total − free). It counts what
// libtorch's caching allocator has reserved, which it keeps after tensors
// are freed, so read after a run it is that run's peak reservation, plus
// the CUDA context.
func GPUMemoryInUse(d Device) (int64, error) {
	if d.Kind != CUDA {
		return 0, fmt.Errorf("%w: %s is not a CUDA device", ErrNoCUDA, d)
	}
	var used C.size_t
	switch C.cuda_mem_in_use(C.int(d.Index), &used) {
	case 0:
		return int64(used), nil
	case -1:
		return 0, fmt.Errorf("%w: this libtorch has no CUDA runtime", ErrNoCUDA)
	}
	return 0, fmt.Errorf("%w: cudaMemGetInfo failed on %s", ErrNoCUDA, d)
}
