package model

import (
	"slices"
	"testing"
)

// PlanThreads is what extract calls; the cases are the README's defaults.
func TestThreadPlan(t *testing.T) {
	cpu, cuda0, cuda1 := Device{Kind: CPU}, Device{Kind: CUDA}, Device{Kind: CUDA, Index: 1}
	tests := []struct {
		devs          []Device
		workers, blas int
		cpus          int
		want          ThreadPlan
	}{
		{[]Device{cpu}, 0, 0, 2, ThreadPlan{[]int{2}, 1}}, // one single-threaded worker per core
		{[]Device{cpu}, 0, 0, 1, ThreadPlan{[]int{1}, 1}},
		{[]Device{cpu}, 0, 0, 16, ThreadPlan{[]int{16}, 1}},
		{[]Device{cpu}, 1, 0, 8, ThreadPlan{[]int{1}, 8}},     // one worker gets every core for BLAS
		{[]Device{cpu}, 3, 0, 8, ThreadPlan{[]int{3}, 2}},     // cores shared, rounded down
		{[]Device{cpu}, 0, 4, 8, ThreadPlan{[]int{8}, 4}},     // --blas-threads wins
		{[]Device{cuda0}, 0, 0, 16, ThreadPlan{[]int{2}, 16}}, // no CPU workers: BLAS keeps every core
		{[]Device{cuda0, cuda1}, 0, 0, 4, ThreadPlan{[]int{2, 2}, 4}},
		{[]Device{cpu, cuda0}, 0, 0, 4, ThreadPlan{[]int{4, 2}, 1}}, // only the CPU's workers share the cores
		{[]Device{cpu}, 0, 0, 0, ThreadPlan{[]int{1}, 1}},           // never zero
	}
	for _, tt := range tests {
		got := PlanThreads(tt.devs, tt.workers, tt.blas, tt.cpus)
		if !slices.Equal(got.Workers, tt.want.Workers) || got.BLASThreads != tt.want.BLASThreads {
			t.Errorf("PlanThreads(%v, workers %d, blas %d, %d cpus) = %+v, want %+v", tt.devs, tt.workers, tt.blas, tt.cpus, got, tt.want)
		}
	}
}
