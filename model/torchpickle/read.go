package torchpickle

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"unsafe"

	"github.com/bertvec/bertvec/model/safetensors"
)

// Float32 reads tensor name into dst (len Numel) as float32; F16, BF16 and
// F64 are converted, F16 and BF16 exactly. A zip record is read to its end
// so that its CRC-32 is checked every time.
func (f *File) Float32(name string, dst []float32) error {
	t, ok := f.tensors[name]
	if !ok {
		return fmt.Errorf("no tensor %q", name)
	}
	if n := t.Numel(); int64(len(dst)) != n {
		return fmt.Errorf("tensor %q: buffer of %d values for %d elements", name, len(dst), n)
	}
	switch t.DType() {
	case F32, F64, F16, BF16:
	default:
		return fmt.Errorf("%w: tensor %q is %s, not floating-point", ErrUnsupported, name, t.DType())
	}
	if len(dst) == 0 {
		return nil
	}
	if err := f.read(t, dst); err != nil {
		return fmt.Errorf("tensor %q: %w", name, err)
	}
	return nil
}

func (f *File) read(t *Tensor, dst []float32) error {
	s := t.Storage
	size := int64(s.DType.Size())
	if f.format == Legacy {
		base := f.offsets[s.Key]
		if t.Contiguous() {
			r := io.NewSectionReader(f.r, base+t.Offset*size, int64(len(dst))*size)
			return truncated(decode(r, s.DType, dst), s)
		}
		buf := make([]byte, s.Bytes())
		if _, err := f.r.ReadAt(buf, base); err != nil {
			return truncated(err, s)
		}
		gather(t, buf, dst)
		return nil
	}
	rec, err := openRecord(f.records[s.Key])
	if err != nil {
		return err
	}
	if t.Contiguous() {
		if _, err := io.CopyN(io.Discard, rec, t.Offset*size); err != nil {
			return rec.fail(err)
		}
		if err := decode(rec, s.DType, dst); err != nil {
			return rec.fail(err)
		}
		return rec.finish()
	}
	buf := make([]byte, s.Bytes())
	if err := rec.readFull(buf); err != nil {
		return err
	}
	if err := rec.finish(); err != nil {
		return err
	}
	gather(t, buf, dst)
	return nil
}

func truncated(err error, s *Storage) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("%w: storage %q ends early", ErrTruncated, s.Key)
	}
	return err
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// decode reads len(dst) elements of dt from r.
func decode(r io.Reader, dt DType, dst []float32) error {
	if dt == F32 && littleEndian { // straight into dst, no conversion
		b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(dst))), 4*len(dst))
		_, err := io.ReadFull(r, b)
		return err
	}
	size := dt.Size()
	buf := make([]byte, 64<<10)
	for i := 0; i < len(dst); {
		k := min(len(dst)-i, len(buf)/size)
		if _, err := io.ReadFull(r, buf[:k*size]); err != nil {
			return err
		}
		for j := range k {
			dst[i+j] = element(dt, buf[j*size:])
		}
		i += k
	}
	return nil
}

// element converts the little-endian element at the start of b.
func element(dt DType, b []byte) float32 {
	switch dt {
	case F32:
		return math.Float32frombits(binary.LittleEndian.Uint32(b))
	case F64:
		return float32(math.Float64frombits(binary.LittleEndian.Uint64(b)))
	case F16:
		return safetensors.F16ToFloat32(binary.LittleEndian.Uint16(b))
	case BF16:
		return safetensors.BF16ToFloat32(binary.LittleEndian.Uint16(b))
	}
	return float32(math.NaN())
}

// gather copies a strided view out of its storage's bytes; Open checked
// that every index lies inside.
func gather(t *Tensor, storage []byte, dst []float32) {
	size := int64(t.DType().Size())
	idx := make([]int64, len(t.Shape))
	for i := range dst {
		off := t.Offset
		for d, v := range idx {
			off += v * t.Stride[d]
		}
		dst[i] = element(t.DType(), storage[off*size:])
		for d := len(idx) - 1; d >= 0; d-- { // odometer over the shape
			idx[d]++
			if idx[d] < t.Shape[d] {
				break
			}
			idx[d] = 0
		}
	}
}
