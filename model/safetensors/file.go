package safetensors

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/bertvec/bertvec/internal/mmapfile"
	"github.com/bertvec/bertvec/internal/regfile"
)

// ErrNotFound reports a tensor name the file does not have.
var ErrNotFound = errors.New("safetensors: no such tensor")

// File is an opened safetensors file. Its methods are safe for concurrent
// use until Close.
type File struct {
	*Header
	path  string
	data  []byte // the data area
	unmap func() error
}

// Open maps the file at path and checks its header against the file size.
// The file must not be truncated while open: reads go straight to the map.
func Open(path string) (*File, error) {
	f, err := regfile.Open(path) // a named pipe would hang, a device never end
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	if st.Size() < 8 {
		return nil, fmt.Errorf("%s: %w: file is %d bytes, shorter than the 8-byte length prefix", path, ErrHeader, st.Size())
	}
	if int64(int(st.Size())) != st.Size() {
		return nil, fmt.Errorf("%s: file too large to map", path)
	}
	b, unmap, err := mmapfile.Shared(f, int(st.Size()))
	if err != nil {
		return nil, fmt.Errorf("safetensors: map %s: %w", path, err)
	}
	sf, err := parse(b)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sf.path, sf.unmap = path, unmap
	return sf, nil
}

// Parse reads a whole safetensors file held in memory. The File refers to
// b; Close is a no-op.
func Parse(b []byte) (*File, error) {
	return parse(b)
}

func parse(b []byte) (*File, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("%w: %d bytes, shorter than the 8-byte length prefix", ErrHeader, len(b))
	}
	n := binary.LittleEndian.Uint64(b)
	if n > MaxHeaderSize || n > uint64(len(b)-8) {
		return nil, fmt.Errorf("%w: header length %d does not fit in a %d-byte file (truncated, or not safetensors)", ErrHeader, n, len(b))
	}
	h, err := ParseHeader(b[8 : 8+n])
	if err != nil {
		return nil, err
	}
	data := b[8+n:]
	if h.DataLen != int64(len(data)) {
		return nil, fmt.Errorf("%w: tensors need a %d-byte data area, the file has %d (truncated or padded)", ErrHeader, h.DataLen, len(data))
	}
	return &File{Header: h, data: data, unmap: func() error { return nil }}, nil
}

// Close unmaps the file. Slices from Bytes are invalid afterwards.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap, f.data = nil, nil
	return err
}

// Bytes returns the raw little-endian bytes of a tensor, a view into the
// file valid until Close.
func (f *File) Bytes(name string) ([]byte, TensorInfo, error) {
	t, ok := f.Info(name)
	if !ok {
		return nil, TensorInfo{}, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	if f.data == nil && t.End > 0 {
		return nil, t, errors.New("safetensors: file is closed")
	}
	return f.data[t.Begin:t.End:t.End], t, nil
}

// Float32 converts a F32, F16 or BF16 tensor into dst, which must hold
// exactly its number of elements. The conversion is exact.
func (f *File) Float32(name string, dst []float32) error {
	raw, t, err := f.Bytes(name)
	if err != nil {
		return err
	}
	if n := t.NumElements(); len(dst) != n {
		return fmt.Errorf("safetensors: tensor %q has %d elements %v, dst holds %d", name, n, t.Shape, len(dst))
	}
	switch t.DType {
	case F32:
		for i := range dst {
			dst[i] = float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
	case F16:
		table := f16Table()
		for i := range dst {
			dst[i] = table[binary.LittleEndian.Uint16(raw[2*i:])]
		}
	case BF16:
		for i := range dst {
			dst[i] = BF16ToFloat32(binary.LittleEndian.Uint16(raw[2*i:]))
		}
	default:
		return fmt.Errorf("%w: tensor %q is %s, want F32, F16 or BF16", ErrDType, name, t.DType)
	}
	return nil
}

// Int64 reads an I64 tensor into dst, which must hold exactly its number
// of elements.
func (f *File) Int64(name string, dst []int64) error {
	raw, t, err := f.Bytes(name)
	if err != nil {
		return err
	}
	if n := t.NumElements(); len(dst) != n {
		return fmt.Errorf("safetensors: tensor %q has %d elements %v, dst holds %d", name, n, t.Shape, len(dst))
	}
	if t.DType != I64 {
		return fmt.Errorf("%w: tensor %q is %s, want I64", ErrDType, name, t.DType)
	}
	for i := range dst {
		dst[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return nil
}
