package torchpickle

import (
	"fmt"
	"math"
	"slices"
)

// Storage is one storage the pickle refers to by key; its bytes are a zip
// record or a stretch of a legacy file.
type Storage struct {
	Key      string
	DType    DType
	Numel    int64
	Location string // "cpu", "cuda:0": where torch.load would put it
}

// Bytes is the storage's size in bytes.
func (s *Storage) Bytes() int64 { return s.Numel * int64(s.DType.Size()) }

// Tensor is a view into a storage, as torch._utils._rebuild_tensor_v2
// would make it. Open checks that every element lies inside the storage.
type Tensor struct {
	Storage      *Storage
	Offset       int64 // in elements
	Shape        []int64
	Stride       []int64
	RequiresGrad bool
}

// DType is the storage's element type.
func (t *Tensor) DType() DType { return t.Storage.DType }

// Numel is the product of the shape.
func (t *Tensor) Numel() int64 {
	n := int64(1)
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Contiguous reports whether the tensor is its storage's elements
// [Offset, Offset+Numel) in row-major order.
func (t *Tensor) Contiguous() bool {
	want := int64(1)
	for d := len(t.Shape) - 1; d >= 0; d-- {
		if t.Shape[d] != 1 && t.Stride[d] != want {
			return false
		}
		want *= t.Shape[d]
	}
	return true
}

// maxStorageElems bounds a declared element count so that byte counts
// and offsets cannot overflow int64.
const maxStorageElems = math.MaxInt64 / 16

// newStorage checks the persistent id's parts.
func newStorage(typ any, key any, location any, numel any) (*Storage, error) {
	g, ok := typ.(global)
	dt, known := storageDType(g.name)
	if !ok || g.module != "torch" || !known {
		return nil, fmt.Errorf("%w: storage type %s", ErrCorrupt, typeName(typ))
	}
	k, ok1 := key.(string)
	loc, ok2 := location.(string)
	n, ok3 := numel.(int64)
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("%w: storage id (%s, %s, %s), want (str, str, int)", ErrCorrupt, typeName(key), typeName(location), typeName(numel))
	}
	if n < 0 || n > maxStorageElems {
		return nil, fmt.Errorf("%w: storage %q of %d elements", ErrCorrupt, k, n)
	}
	return &Storage{Key: k, DType: dt, Numel: n, Location: loc}, nil
}

// knownStorage returns the storage declared before under s's key, or nil
// for a new key; every declaration of one key must agree on dtype and size.
func knownStorage(seen map[string]*Storage, s *Storage) (*Storage, error) {
	old, ok := seen[s.Key]
	if ok && (old.DType != s.DType || old.Numel != s.Numel) {
		return nil, fmt.Errorf("%w: storage %q declared as %d %s and as %d %s", ErrUnsupported, s.Key, old.Numel, old.DType, s.Numel, s.DType)
	}
	return old, nil
}

// call runs REDUCE for the allowed callables.
func (m *machine) call(fn, args any) (any, error) {
	g, ok := fn.(global)
	if !ok {
		return nil, fmt.Errorf("%w: REDUCE calls %s", ErrCorrupt, typeName(fn))
	}
	a, ok := args.(tuple)
	if !ok {
		return nil, fmt.Errorf("%w: %s called with %s, not a tuple", ErrCorrupt, g, typeName(args))
	}
	switch g.String() {
	case "collections.OrderedDict":
		if len(a) != 0 {
			return nil, fmt.Errorf("%w: OrderedDict called with arguments", ErrUnsupported)
		}
		return &dict{}, nil
	case "torch._utils._rebuild_tensor_v2":
		if len(a) < 6 || len(a) > 7 {
			return nil, fmt.Errorf("%w: %s with %d arguments", ErrCorrupt, g, len(a))
		}
		return rebuildTensor(a[0], a[1], a[2], a[3], a[4])
	case "torch._utils._rebuild_tensor":
		if len(a) != 4 {
			return nil, fmt.Errorf("%w: %s with %d arguments", ErrCorrupt, g, len(a))
		}
		return rebuildTensor(a[0], a[1], a[2], a[3], false)
	case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
		if len(a) < 3 || len(a) > 4 {
			return nil, fmt.Errorf("%w: %s with %d arguments", ErrCorrupt, g, len(a))
		}
		t, ok := a[0].(*Tensor)
		if !ok {
			return nil, fmt.Errorf("%w: %s of %s", ErrCorrupt, g, typeName(a[0]))
		}
		return t, nil
	}
	return nil, fmt.Errorf("%w: %s is not callable", ErrCorrupt, g)
}

// rebuildTensor checks the view against its storage: every element it
// can address must lie inside, and it may not have more elements than the
// storage (a broadcast view would size the caller's buffer beyond the file).
func rebuildTensor(storage, offset, size, stride, grad any) (*Tensor, error) {
	s, ok := storage.(*Storage)
	if !ok {
		return nil, fmt.Errorf("%w: tensor of %s, not a storage", ErrCorrupt, typeName(storage))
	}
	off, ok := offset.(int64)
	if !ok || off < 0 {
		return nil, fmt.Errorf("%w: tensor offset %v", ErrCorrupt, offset)
	}
	shape, err := ints(size, "size")
	if err != nil {
		return nil, err
	}
	strides, err := ints(stride, "stride")
	if err != nil {
		return nil, err
	}
	if len(shape) != len(strides) {
		return nil, fmt.Errorf("%w: tensor of %d dimensions with %d strides", ErrCorrupt, len(shape), len(strides))
	}
	rg, _ := grad.(bool)
	t := &Tensor{Storage: s, Offset: off, Shape: shape, Stride: strides, RequiresGrad: rg}
	if slices.Contains(shape, 0) {
		return t, nil // empty: addresses nothing
	}
	if off >= s.Numel {
		return nil, fmt.Errorf("%w: tensor at offset %d of storage %q of %d elements", ErrCorrupt, off, s.Key, s.Numel)
	}
	numel, last := int64(1), off // last: the highest element index addressed
	for i, d := range shape {
		if numel > s.Numel/d {
			return nil, fmt.Errorf("%w: tensor of shape %v has more elements than its storage %q (%d)", ErrUnsupported, shape, s.Key, s.Numel)
		}
		numel *= d
		if d > 1 && strides[i] > 0 {
			if strides[i] > (s.Numel-1-last)/(d-1) {
				return nil, fmt.Errorf("%w: tensor of shape %v, stride %v at offset %d overruns storage %q of %d elements",
					ErrCorrupt, shape, strides, off, s.Key, s.Numel)
			}
			last += (d - 1) * strides[i]
		}
	}
	return t, nil
}

// ints reads a tuple of non-negative ints (a size or a stride).
func ints(v any, what string) ([]int64, error) {
	t, ok := v.(tuple)
	if !ok || len(t) > 64 {
		return nil, fmt.Errorf("%w: tensor %s is %s", ErrCorrupt, what, typeName(v))
	}
	out := make([]int64, len(t))
	for i, x := range t {
		n, ok := x.(int64)
		if !ok || n < 0 {
			return nil, fmt.Errorf("%w: tensor %s %v", ErrCorrupt, what, []any(t))
		}
		out[i] = n
	}
	return out, nil
}
