//go:build cgo && !nolibtorch

package model

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sugarme/gotch"
)

func TestGEMMRate(t *testing.T) {
	ctx := context.Background()
	cpu := Device{Kind: CPU}
	g := []GEMM{{M: 32, K: 16, N: 48}, {M: 32, K: 16, N: 48}, {M: 32, K: 48, N: 16}}
	rate, err := GEMMRate(ctx, cpu, g, 20*time.Millisecond)
	if err != nil || rate <= 0 {
		t.Fatalf("GEMMRate = %v, %v", rate, err)
	}
	if g[0].FLOPs() != 2*32*16*48 {
		t.Errorf("FLOPs = %v", g[0].FLOPs())
	}
	for _, bad := range [][]GEMM{nil, {{M: 0, K: 1, N: 1}}} {
		if _, err := GEMMRate(ctx, cpu, bad, 0); !errors.Is(err, ErrInput) {
			t.Errorf("GEMMRate(%v) = %v, want ErrInput", bad, err)
		}
	}
	if _, err := GEMMRate(ctx, Device{Kind: CUDA, Index: 7}, g, 0); !errors.Is(err, ErrNoCUDA) {
		t.Errorf("cuda:7: %v, want ErrNoCUDA", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := GEMMRate(cancelled, cpu, g, time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestGPUMemory: on a machine without CUDA the CUDA runtime is not there
// and the answer says so; with one, device 0 has memory in use.
func TestGPUMemory(t *testing.T) {
	if err := Synchronize(Device{Kind: CPU}); err != nil {
		t.Errorf("Synchronize(cpu) = %v", err)
	}
	if _, err := GPUMemoryInUse(Device{Kind: CPU}); !errors.Is(err, ErrNoCUDA) {
		t.Errorf("GPUMemoryInUse(cpu) = %v, want ErrNoCUDA", err)
	}
	n, err := GPUMemoryInUse(Device{Kind: CUDA})
	if gotch.CUDA.IsAvailable() {
		if err != nil || n <= 0 {
			t.Errorf("GPUMemoryInUse(cuda:0) = %d, %v", n, err)
		}
	} else if !errors.Is(err, ErrNoCUDA) {
		t.Errorf("GPUMemoryInUse(cuda:0) without CUDA = %d, %v; want ErrNoCUDA", n, err)
	}
}
