package main

import (
	"errors"
	"runtime"

	"github.com/bertvec/bertvec/model"
)

// threadFlags names the flag behind each model.ThreadLimitError.What.
var threadFlags = map[string]string{"threads": "threads", "BLAS threads": "blas-threads", "workers": "workers"}

// checkThreadFlags bounds --threads, --blas-threads and --workers by this
// machine's cores (model.MaxThreads, model.MaxWorkers) before anything is
// loaded: --threads 1000 oversubscribed the cores and --workers 100000
// ran out of memory.
func checkThreadFlags(f extractFlags, devs []model.Device) error {
	cpus := runtime.NumCPU()
	if err := model.CheckThreads(f.threads, cpus); err != nil {
		return threadFlagError(err)
	}
	if f.blas > 0 {
		if err := model.CheckBLASThreads(f.blas, cpus); err != nil {
			return threadFlagError(err)
		}
	}
	if f.workers > 0 {
		for _, d := range devs {
			if err := model.CheckWorkers(d, f.workers, cpus); err != nil {
				return threadFlagError(err)
			}
		}
	}
	return nil
}

// threadFlagError turns a model.ThreadLimitError into a usage error that
// names the flag.
func threadFlagError(err error) error {
	var le *model.ThreadLimitError
	if !errors.As(err, &le) {
		return err
	}
	flag := threadFlags[le.What]
	if le.N < 1 {
		return usagef("--%s %d: want 1 or more", flag, le.N)
	}
	return usagef("--%s %d: at most %d on this machine (%d CPU cores)", flag, le.N, le.Max, le.CPUs)
}
