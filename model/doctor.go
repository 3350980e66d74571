package model

import (
	"fmt"
	"strings"
)

// Check is one line of `bertvec doctor`: what was found, whether it is
// fine, and what to do when it is not.
type Check struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	OK     bool   `json:"ok"`
	Remedy string `json:"remedy,omitempty"`
}

// Diagnose turns what the runtime reports into doctor's checks. cores is
// the number of CPUs the process may use.
func Diagnose(r RuntimeInfo, gpus []GPU, cores int) []Check {
	var out []Check
	if !r.Libtorch {
		out = append(out, Check{Name: "libtorch", Value: "not linked (built with CGO_ENABLED=0 or -tags nolibtorch)", Remedy: "run `make build`, which installs libtorch-dev and builds with cgo"})
	} else {
		build := "CPU-only build"
		if r.CUDABuild {
			build = "CUDA build"
		}
		out = append(out, Check{Name: "libtorch", Value: fmt.Sprintf("%s, %s", r.Version, build), OK: true})
	}
	out = append(out, cudaCheck(r, gpus))
	out = append(out, blasCheck(r))
	out = append(out, threadCheck(r, cores))
	return out
}

func cudaCheck(r RuntimeInfo, gpus []GPU) Check {
	c := Check{Name: "cuda"}
	var names []string
	for _, g := range gpus {
		names = append(names, fmt.Sprintf("cuda:%d %s (%d MiB)", g.Index, g.Name, g.MemoryMB))
	}
	seen := "no GPU seen by nvidia-smi"
	if len(names) > 0 {
		seen = strings.Join(names, "; ")
	}
	switch {
	case r.CUDAAvailable:
		c.OK = true
		c.Value = fmt.Sprintf("%d device(s) usable by libtorch: %s", r.CUDADevices, seen)
	case !r.Libtorch:
		c.Value = "unknown without libtorch"
	case !r.CUDABuild && len(gpus) > 0:
		c.Value = "GPUs present but this libtorch is CPU-only: " + seen
		c.Remedy = "install libtorch with CUDA (e.g. the 2.1.0 cu121 zip), then `LIBTORCH=/path/to/libtorch make build`"
	case !r.CUDABuild:
		c.OK = true // nothing is wrong on a machine without GPUs
		c.Value = "CPU-only libtorch; " + seen
	default:
		c.Value = "CUDA build, but no device usable: " + seen
		c.Remedy = "check the NVIDIA driver (nvidia-smi) and CUDA_VISIBLE_DEVICES"
	}
	return c
}

func blasCheck(r RuntimeInfo) Check {
	c := Check{Name: "blas", Value: fmt.Sprintf("%s (%s)", r.BLASKind, orNone(r.BLAS))}
	if r.BLASThreads > 0 {
		c.Value += fmt.Sprintf(", %d threads", r.BLASThreads)
	}
	if r.BLASConfig != "" {
		c.Value += ", " + r.BLASConfig
	}
	switch r.BLASKind {
	case BLASOpenBLAS, BLASMKL, BLASBLIS:
		c.OK = true
	case BLASReference:
		c.Remedy = "the reference BLAS makes libtorch ~60x slower: apt-get install libopenblas0-pthread"
	default:
		c.OK = !r.Libtorch // only a libtorch build does matmuls
		if r.Libtorch {
			c.Remedy = "could not tell which BLAS libtorch uses; on Debian: apt-get install libopenblas0-pthread"
		}
	}
	return c
}

func threadCheck(r RuntimeInfo, cores int) Check {
	c := Check{Name: "threads", Value: fmt.Sprintf("intra-op %d, inter-op %d, %d CPU cores", r.IntraOpThreads, r.InterOpThreads, cores), OK: true}
	if !r.Libtorch {
		c.Value = fmt.Sprintf("%d CPU cores", cores)
		return c
	}
	if r.BLASThreads > 0 && r.IntraOpThreads > 1 && r.IntraOpThreads+r.BLASThreads > cores {
		c.OK = false
		c.Remedy = fmt.Sprintf("intra-op and OpenBLAS pools together (%d+%d) oversubscribe %d cores: set OMP_NUM_THREADS=1 (bertvec extract already defaults to one intra-op thread per worker)", r.IntraOpThreads, r.BLASThreads, cores)
	}
	return c
}

func orNone(s string) string {
	if s == "" {
		return "none found"
	}
	return s
}
