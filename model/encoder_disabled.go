//go:build !cgo || nolibtorch

package model

import "context"

// This twin of the libtorch files keeps the pure-Go commands (analogy,
// neighbors, norms, eval, map) building with CGO_ENABLED=0; everything that
// needs libtorch says so instead of failing to link.

// Encoder is unavailable without libtorch.
type Encoder struct{}

// Load returns ErrNoLibtorch.
func Load(ctx context.Context, dir string, opts ...Option) (*Encoder, error) {
	return nil, ErrNoLibtorch
}

func (e *Encoder) Checkpoint() *Checkpoint { return nil }
func (e *Encoder) VocabSize() int          { return 0 }
func (e *Encoder) Hidden() int             { return 0 }
func (e *Encoder) Layer() int              { return 0 }
func (e *Encoder) Device() Device          { return Device{} }
func (e *Encoder) Close() error            { return nil }
func (e *Encoder) Static(dst []float32) error {
	return ErrNoLibtorch
}
func (e *Encoder) Dynamic(ctx context.Context, dst []float32, ids []int32) error {
	return ErrNoLibtorch
}
func (e *Encoder) HiddenStates(ctx context.Context, ids, mask [][]int32, layer int) ([]float32, error) {
	return nil, ErrNoLibtorch
}

// SetThreads returns ErrNoLibtorch.
func SetThreads(n int) error { return ErrNoLibtorch }

// SetBLASThreads returns ErrNoLibtorch.
func SetBLASThreads(n int) (bool, error) { return false, ErrNoLibtorch }

// CheckDevice returns ErrNoLibtorch.
func CheckDevice(d Device) error { return ErrNoLibtorch }

// Runtime reports that libtorch is missing.
func Runtime() RuntimeInfo {
	libs := selfLibs()
	r := RuntimeInfo{Version: "none"}
	r.BLAS, r.BLASKind = classifyBLAS(libs)
	return r
}

// Describe returns ErrNoLibtorch: reading a pytorch_model.bin needs gotch.
func Describe(dir string, choice WeightChoice) (*Description, error) {
	return nil, ErrNoLibtorch
}
