package model

import "testing"

func TestThreadPlan(t *testing.T) {
	tests := []struct {
		dev                 Device
		cpus, workers, blas int
	}{
		{Device{Kind: CPU}, 2, 2, 1},
		{Device{Kind: CPU}, 1, 1, 1},
		{Device{Kind: CPU}, 16, 16, 1},
		{Device{Kind: CUDA}, 16, 2, 16}, // no CPU workers: BLAS keeps every core
	}
	for _, tt := range tests {
		w := DefaultWorkers(tt.dev, tt.cpus)
		cpuWorkers := w
		if tt.dev.Kind == CUDA {
			cpuWorkers = 0
		}
		if w != tt.workers || DefaultBLASThreads(cpuWorkers, tt.cpus) != tt.blas {
			t.Errorf("%v on %d cpus: workers %d blas %d, want %d %d", tt.dev, tt.cpus, w, DefaultBLASThreads(cpuWorkers, tt.cpus), tt.workers, tt.blas)
		}
	}
	if got := DefaultBLASThreads(3, 8); got != 2 {
		t.Errorf("3 workers on 8 cpus: %d BLAS threads, want 2", got)
	}
}
