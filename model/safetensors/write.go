package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/bertvec/bertvec/internal/atomicfile"
)

// Tensor is one tensor to write: raw little-endian row-major Data.
type Tensor struct {
	Name  string
	DType DType
	Shape []int
	Data  []byte
}

// FromFloat32 makes an F32 tensor from v.
func FromFloat32(name string, shape []int, v []float32) Tensor {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return Tensor{Name: name, DType: F32, Shape: shape, Data: b}
}

// FromInt64 makes an I64 tensor from v.
func FromInt64(name string, shape []int, v []int64) Tensor {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(x))
	}
	return Tensor{Name: name, DType: I64, Shape: shape, Data: b}
}

// Write writes tensors, in the given order, and metadata (may be nil) to
// path atomically (see internal/atomicfile), so path appears complete or
// not at all.
func Write(path string, tensors []Tensor, metadata map[string]string) error {
	header, err := encodeHeader(tensors, metadata)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return writeEncoded(w, header, tensors) }); err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}

// writeEncoded writes the length prefix, the encoded header and the
// tensors' data; errors are w's, unwrapped.
func writeEncoded(w io.Writer, header []byte, tensors []Tensor) error {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(header)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	for _, t := range tensors {
		if _, err := w.Write(t.Data); err != nil {
			return err
		}
	}
	return nil
}

// encodeHeader builds the JSON header by hand to keep the tensors in the
// caller's order, padded with spaces so the data area is 8-byte aligned.
func encodeHeader(tensors []Tensor, metadata map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	if metadata != nil {
		m, err := json.Marshal(metadata)
		if err != nil {
			return nil, fmt.Errorf("safetensors: %w", err)
		}
		buf.WriteString(`"__metadata__":`)
		buf.Write(m)
	}
	seen := make(map[string]bool, len(tensors))
	var off int64
	for i, t := range tensors {
		if err := checkTensor(t, seen); err != nil {
			return nil, err
		}
		if i > 0 || metadata != nil {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(t.Name)
		shape, _ := json.Marshal(nonNil(t.Shape))
		end := off + int64(len(t.Data))
		fmt.Fprintf(&buf, `%s:{"dtype":"%s","shape":%s,"data_offsets":[%d,%d]}`, name, t.DType, shape, off, end)
		off = end
	}
	buf.WriteByte('}')
	for buf.Len()%8 != 0 {
		buf.WriteByte(' ')
	}
	return buf.Bytes(), nil
}

func checkTensor(t Tensor, seen map[string]bool) error {
	if t.Name == "" || t.Name == "__metadata__" || seen[t.Name] {
		return fmt.Errorf("safetensors: bad or repeated tensor name %q", t.Name)
	}
	seen[t.Name] = true
	if !t.DType.valid() {
		return fmt.Errorf("%w: tensor %q: %v", ErrDType, t.Name, t.DType)
	}
	n := int64(t.DType.Size())
	for _, d := range t.Shape {
		if d < 0 || (d > 0 && n > maxBytes/int64(d)) {
			return fmt.Errorf("safetensors: tensor %q: bad shape %v", t.Name, t.Shape)
		}
		n *= int64(d)
	}
	if n != int64(len(t.Data)) {
		return fmt.Errorf("safetensors: tensor %q: shape %v of %s needs %d bytes, Data has %d", t.Name, t.Shape, t.DType, n, len(t.Data))
	}
	return nil
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
