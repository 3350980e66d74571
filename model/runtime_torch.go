//go:build cgo && !nolibtorch

package model

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stddef.h>
#include <malloc.h>

int at_get_num_threads();
void at_set_num_threads(int n_threads);
int at_get_num_interop_threads();

// OpenBLAS is found at run time, not link time: libtorch reaches BLAS
// through Debian's libblas.so.3 alternative, which may or may not be it.
static int openblas_threads(void) {
	int (*get)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "openblas_get_num_threads");
	return get ? get() : 0;
}
static int openblas_set_threads(int n) {
	void (*set)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
	if (!set) return 0;
	set(n);
	return 1;
}
static const char *openblas_config(void) {
	char *(*get)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_config");
	return get ? get() : NULL;
}
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

var mallocOnce sync.Once

// tuneMalloc caps glibc's malloc arenas. Forwards run on whichever OS
// threads Go gives them, and glibc gives each thread up to 8 x cores
// arenas that each keep a forward's worth of freed tensors: a full
// BERT-base extraction peaked at 1.41 GB with the default and 1.19 GB with
// one arena per core (no change in speed).
//
// It also keeps activations out of mmap: a forward's tensors (up to 9 MB
// for 256 ids of BERT-base) were mapped and unmapped on every op, so each
// forward faulted in and zeroed ~60 MB of fresh pages (15,000 page faults
// per batch); from the arenas, with trimming only past 64 MB, they reuse
// the same pages (a few thousand faults per batch instead of 15,000).
// 32 MB is the highest mmap threshold glibc accepts.
func tuneMalloc() {
	mallocOnce.Do(func() {
		C.mallopt(C.M_ARENA_MAX, C.int(max(2, runtime.NumCPU())))
		C.mallopt(C.M_MMAP_THRESHOLD, 32<<20)
		C.mallopt(C.M_TRIM_THRESHOLD, 64<<20)
	})
}

// SetThreads sets libtorch's intra-op threads for the whole process;
// n must be 1..MaxThreads (a *ThreadLimitError otherwise).
// Set it before the first forward: threads that already ran an op keep
// the count they started with.
func SetThreads(n int) error {
	if err := CheckThreads(n, runtime.NumCPU()); err != nil {
		return err
	}
	C.at_set_num_threads(C.int(n))
	return ts.TorchErr()
}

// SetBLASThreads sets OpenBLAS's own thread count; it reports false when
// the BLAS in use is not OpenBLAS.
func SetBLASThreads(n int) (bool, error) {
	if err := CheckBLASThreads(n, runtime.NumCPU()); err != nil {
		return false, err
	}
	return C.openblas_set_threads(C.int(n)) == 1, nil
}

// CheckDevice returns an error when d cannot be used, before any work:
// gotch itself would abort the process (log.Fatal) on a missing GPU.
func CheckDevice(d Device) error {
	if d.Kind == CPU {
		return nil
	}
	if !gotch.CUDA.IsAvailable() {
		if version, cuda := torchLibs(selfLibs()); !cuda {
			return fmt.Errorf("%w: %s asked for, but this bertvec runs on a CPU-only libtorch %s (see the README's CUDA section)", ErrNoCUDA, d, version)
		}
		return fmt.Errorf("%w: %s asked for, but libtorch sees no CUDA device (driver missing, or CUDA_VISIBLE_DEVICES empty?)", ErrNoCUDA, d)
	}
	if n := int(gotch.CUDA.DeviceCount()); d.Index >= n {
		return fmt.Errorf("%w: %s asked for, but only %d CUDA device(s) are visible (cuda:0..cuda:%d)", ErrNoCUDA, d, n, n-1)
	}
	return nil
}

// Runtime reports the libtorch this process runs on.
func Runtime() RuntimeInfo {
	r := RuntimeInfo{Libtorch: true}
	libs := selfLibs()
	r.Version, r.CUDABuild = torchLibs(libs)
	r.BLAS, r.BLASKind = classifyBLAS(libs)
	r.CUDAAvailable = gotch.CUDA.IsAvailable()
	if r.CUDAAvailable {
		r.CUDADevices = int(gotch.CUDA.DeviceCount())
	}
	r.IntraOpThreads = int(C.at_get_num_threads())
	r.InterOpThreads = int(C.at_get_num_interop_threads())
	r.BLASThreads = int(C.openblas_threads())
	if c := C.openblas_config(); c != nil {
		r.BLASConfig = C.GoString(c)
	}
	return r
}
