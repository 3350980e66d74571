//go:build cgo && !nolibtorch

package model

import (
	"fmt"
	"unsafe"

	"github.com/sugarme/gotch"
	lib "github.com/sugarme/gotch/libtch"
	"github.com/sugarme/gotch/ts"
)

// scope owns every tensor made during one piece of work and frees them all
// in drop. Ops are called with del=false everywhere in this package, so a
// tensor is freed exactly once, here (gotch's del=true would free an input
// behind the scope's back and make drop a double free).
type scope struct {
	list []*ts.Tensor
	err  error
}

// add records t (the result of a gotch call) and the call's error. After
// the first error it records nothing and returns nil: callers check s.err
// before using results.
func (s *scope) add(t *ts.Tensor, err error) *ts.Tensor {
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return nil
	}
	s.list = append(s.list, t)
	return t
}

// ok reports whether no op has failed so far.
func (s *scope) ok() bool { return s.err == nil }

// release removes t from the scope so that it outlives drop; the caller
// now owns it.
func (s *scope) release(t *ts.Tensor) *ts.Tensor {
	for i := len(s.list) - 1; i >= 0; i-- { // usually the last one made
		if s.list[i] == t {
			s.list = append(s.list[:i], s.list[i+1:]...)
			return t
		}
	}
	return t
}

// within runs f in a child scope that is freed when f returns, except
// for f's result, which moves to s. Each encoder layer runs within its
// own: a forward then holds one layer's intermediates at a time (about
// 50 MB for 256 ids of BERT-base) instead of all twelve layers' (600 MB).
func (s *scope) within(f func(c *scope) *ts.Tensor) *ts.Tensor {
	if !s.ok() {
		return nil
	}
	var c scope
	defer c.drop()
	out := f(&c)
	if !c.ok() {
		s.err = c.err
		return nil
	}
	return s.add(c.release(out), nil)
}

// drop frees every tensor the scope still owns.
func (s *scope) drop() {
	for _, t := range s.list {
		t.MustDrop()
	}
	s.list = s.list[:0]
}

// guard turns a panic inside gotch's Go code (a nil tensor after an
// unexpected error, an index check) into an error, so that no panic
// crosses the package boundary.
func guard(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: internal error: %v", what, r)
	}
}

// float32Tensor copies data into a new CPU float32 tensor of the given
// shape. It bypasses ts.OfSlice, which encodes element by element through
// reflection and is slow for 100 MB matrices.
func float32Tensor(data []float32, shape ...int64) (*ts.Tensor, error) {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	if int64(len(data)) != n || n == 0 {
		return nil, fmt.Errorf("tensor data has %d values, shape %v needs %d", len(data), shape, n)
	}
	c := lib.AtTensorOfData(unsafe.Pointer(&data[0]), shape, uint(len(shape)), 4, int(gotch.Float.CKind()))
	if err := ts.TorchErr(); err != nil {
		return nil, err
	}
	return ts.New(c), nil
}

// int64Tensor copies ids into a new CPU int64 tensor of the given shape.
func int64Tensor(data []int64, shape ...int64) (*ts.Tensor, error) {
	c := lib.AtTensorOfData(unsafe.Pointer(&data[0]), shape, uint(len(shape)), 8, int(gotch.Int64.CKind()))
	if err := ts.TorchErr(); err != nil {
		return nil, err
	}
	return ts.New(c), nil
}

// toDevice returns host tensor t on dev: t itself on the CPU, a copy in s
// elsewhere.
func toDevice(s *scope, dev gotch.Device, t *ts.Tensor) *ts.Tensor {
	if !s.ok() || dev == gotch.CPU {
		return t
	}
	return s.add(t.To(dev, false))
}

// copyOut copies a float32 tensor (any device) into dst.
func copyOut(t *ts.Tensor, dst []float32) error {
	n := t.Numel()
	if uint(len(dst)) < n {
		return fmt.Errorf("copy out: destination holds %d values, tensor has %d", len(dst), n)
	}
	return t.CopyData(dst, n)
}

// gotchDevice converts a Device to gotch's.
func gotchDevice(d Device) gotch.Device {
	if d.Kind == CPU {
		return gotch.CPU
	}
	return gotch.CudaBuilder(uint(d.Index))
}
