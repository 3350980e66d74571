//go:build !cgo || nolibtorch

package model

import (
	"context"
	"time"
)

// GEMMRate returns ErrNoLibtorch.
func GEMMRate(ctx context.Context, d Device, gemms []GEMM, minTime time.Duration) (float64, error) {
	return 0, ErrNoLibtorch
}

// Synchronize returns ErrNoLibtorch.
func Synchronize(d Device) error { return ErrNoLibtorch }

// GPUMemoryInUse returns ErrNoLibtorch.
func GPUMemoryInUse(d Device) (int64, error) { return 0, ErrNoLibtorch }
