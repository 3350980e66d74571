//go:build cgo && !nolibtorch

package model

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime/debug"

	"github.com/sugarme/gotch/half"
	"github.com/sugarme/gotch/pickle"
)

// pickleSource reads a pytorch_model.bin (zip or legacy torch.save format)
// with gotch's unpickler. The storages stay in Go memory until close; each
// tensor is gathered through its strides into the caller's buffer, so no
// libtorch tensor is made for the heads and aliases that BERT ignores.
type pickleSource struct {
	tensors map[string]*pickle.StorageTensor
	freed   int // bytes of storages given up since the last return to the OS
}

// openPickle unpickles path. gotch's unpickler panics on some malformed or
// unsupported inputs (legacy tar archives, storage views); those panics
// become errors here.
func openPickle(path string) (src *pickleSource, err error) {
	defer func() {
		if r := recover(); r != nil {
			src, err = nil, fmt.Errorf("%w: %s: unreadable torch.save file: %v", ErrWeights, path, r)
		}
	}()
	// The unpickler allocates every storage on the Go heap (the legacy
	// format twice over); a tighter GC target keeps that garbage from
	// doubling the peak, and it all goes back to the OS afterwards.
	defer debug.SetGCPercent(debug.SetGCPercent(20))
	defer debug.FreeOSMemory()
	obj, err := pickle.LoadWithUnpickler(path, func(r io.Reader) pickle.Unpickler { return pickle.NewUnpickler(r) })
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrWeights, path, err)
	}
	src = &pickleSource{tensors: map[string]*pickle.StorageTensor{}}
	add := func(k, v any) error {
		name, ok := k.(string)
		if !ok {
			return fmt.Errorf("%w: %s: state dict key %v is not a string", ErrNotStateDict, path, k)
		}
		st, ok := v.(*pickle.StorageTensor)
		if !ok {
			return fmt.Errorf("%w: %s: entry %q is a %T, not a tensor", ErrNotStateDict, path, name, v)
		}
		src.tensors[name] = st
		return nil
	}
	switch d := obj.(type) {
	case *pickle.Dict:
		for _, e := range *d {
			if err := add(e.Key, e.Value); err != nil {
				return nil, err
			}
		}
	case *pickle.OrderedDict:
		for _, e := range d.Map {
			if err := add(e.Key, e.Value); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("%w: %s holds a %s, not a state dict (save model.state_dict())", ErrNotStateDict, path, typeName(obj))
	}
	return src, nil
}

func typeName(v any) string {
	if v == nil {
		return "None"
	}
	return reflect.TypeOf(v).String()
}

func (p *pickleSource) names() []string {
	out := make([]string, 0, len(p.tensors))
	for k := range p.tensors {
		out = append(out, k)
	}
	return out
}

func (p *pickleSource) shape(name string) []int {
	st := p.tensors[name]
	out := make([]int, len(st.Size))
	for i, d := range st.Size {
		out[i] = int(d)
	}
	return out
}

// dtype names the storage type the way safetensors does (F32, F16, ...).
func (p *pickleSource) dtype(name string) string {
	switch p.tensors[name].Source.GetData().(type) {
	case []float32:
		return "F32"
	case []float64:
		return "F64"
	case []half.Float16:
		return "F16"
	case []half.BFloat16:
		return "BF16"
	}
	return fmt.Sprint(p.tensors[name].Source.DType())
}

// read gathers tensor name through its strides into dst as float32.
func (p *pickleSource) read(name string, dst []float32) error {
	st := p.tensors[name]
	n := 1
	for _, d := range st.Size {
		n *= int(d)
	}
	if len(dst) != n {
		return fmt.Errorf("%s: buffer of %d values for %d elements", name, len(dst), n)
	}
	if len(st.Stride) != len(st.Size) {
		return fmt.Errorf("%w: %s: %d strides for %d dimensions", ErrWeights, name, len(st.Stride), len(st.Size))
	}
	get, size, err := elementReader(st.Source.GetData())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if contiguous(st.Size, st.Stride) {
		lo := st.StorageOffset
		if lo < 0 || lo+int64(n) > int64(size) {
			return fmt.Errorf("%w: %s: %d values at offset %d overrun its storage (%d values)", ErrWeights, name, n, lo, size)
		}
		for i := range dst {
			dst[i] = get(int(lo) + i)
		}
		return nil
	}
	idx := make([]int64, len(st.Size))
	for i := 0; i < n; i++ {
		off := st.StorageOffset
		for d, v := range idx {
			off += v * st.Stride[d]
		}
		if off < 0 || off >= int64(size) {
			return fmt.Errorf("%w: %s: element %d lies outside its storage (%d values)", ErrWeights, name, i, size)
		}
		dst[i] = get(int(off))
		for d := len(idx) - 1; d >= 0; d-- { // odometer increment over the shape
			idx[d]++
			if idx[d] < st.Size[d] {
				break
			}
			idx[d] = 0
		}
	}
	return nil
}

// contiguous reports whether stride is the row-major stride of size.
func contiguous(size, stride []int64) bool {
	if len(size) != len(stride) {
		return false
	}
	want := int64(1)
	for d := len(size) - 1; d >= 0; d-- {
		if size[d] != 1 && stride[d] != want {
			return false
		}
		want *= size[d]
	}
	return true
}

// elementReader returns an accessor that converts one storage element to
// float32, and the storage length.
func elementReader(data any) (func(int) float32, int, error) {
	switch d := data.(type) {
	case []float32:
		return func(i int) float32 { return d[i] }, len(d), nil
	case []float64:
		return func(i int) float32 { return float32(d[i]) }, len(d), nil
	case []half.Float16:
		return func(i int) float32 { return d[i].Float32() }, len(d), nil
	case []half.BFloat16:
		return func(i int) float32 { return half.BFloat16ToFloat32(uint16(d[i])) }, len(d), nil
	}
	return func(int) float32 { return float32(math.NaN()) }, 0, fmt.Errorf("%w: storage of %T is not a floating-point type", ErrWeights, data)
}

// view is never possible: storages may be strided or of another dtype.
func (p *pickleSource) view(string) ([]float32, bool) { return nil, false }

// done forgets a loaded tensor so that the garbage collector can take its
// storage once no other key shares it; every 64 MB so released goes back
// to the OS, so the storages shrink while the libtorch tensors grow.
func (p *pickleSource) done(name string) {
	st, ok := p.tensors[name]
	if !ok {
		return
	}
	delete(p.tensors, name)
	if n, err := elementCount(st.Size); err == nil {
		p.freed += n * 4
	}
	if p.freed > 64<<20 {
		p.freed = 0
		debug.FreeOSMemory()
	}
}

func elementCount(size []int64) (int, error) {
	n := int64(1)
	for _, d := range size {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension %d", d)
		}
		n *= d
	}
	return int(n), nil
}

func (p *pickleSource) close() { p.tensors = nil }
