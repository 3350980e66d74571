//go:build !cgo || nolibtorch

package model

import "context"

// Contexts returns ErrNoLibtorch.
func (e *Encoder) Contexts(ctx context.Context, dst []float32, windows [][]int32, layers []int) error {
	return ErrNoLibtorch
}
