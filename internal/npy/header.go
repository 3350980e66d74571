package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sentinel errors; every error from this package wraps one of them.
var (
	ErrNotNPY    = errors.New("not a .npy file")
	ErrVersion   = errors.New("unsupported .npy version")
	ErrHeader    = errors.New("malformed .npy header")
	ErrDtype     = errors.New("unsupported dtype")
	ErrOrder     = errors.New("unsupported array order")
	ErrShape     = errors.New("unsupported shape")
	ErrSize      = errors.New("matrix too large")
	ErrTruncated = errors.New("file size does not match header")
	ErrBigEndian = errors.New("big-endian host not supported")
)

const (
	magic = "\x93NUMPY"
	// align is NumPy's ARRAY_ALIGN: header+prefix is padded to a multiple.
	align = 64
	// growthDigits is NumPy's GROWTH_AXIS_MAX_DIGITS: since 1.24 np.save
	// leaves room for the first axis to grow to 21 digits in place.
	growthDigits = 21
	// maxHeader bounds what ParseHeader will look at, so a corrupt length
	// field cannot make a reader allocate gigabytes.
	maxHeader = 1 << 20
)

// Info is what a header says about the matrix that follows it.
type Info struct {
	Rows, Cols int
	// DataOffset is the byte offset of the first float32 in the file.
	DataOffset int
}

// DataBytes is the size of the data section, rows*cols*4.
func (in Info) DataBytes() int64 { return int64(in.Rows) * int64(in.Cols) * 4 }

// Header returns the .npy v1.0 header for a '<f4' C-order matrix of shape
// (rows, cols), exactly as NumPy 1.24's np.save writes it.
func Header(rows, cols int) []byte { return headerFor("<f4", rows, cols) }

// headerFor is Header for any dtype and a 1-D or 2-D shape.
func headerFor(descr string, shape ...int) []byte {
	tuple := fmt.Sprintf("(%d,)", shape[0])
	if len(shape) == 2 {
		tuple = fmt.Sprintf("(%d, %d)", shape[0], shape[1])
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple)
	if pad := growthDigits - len(strconv.Itoa(shape[0])); pad > 0 {
		dict += strings.Repeat(" ", pad)
	}
	hlen := len(dict) + 1 // + '\n'
	// NumPy pads with 1..64 spaces (64, not 0, when already aligned).
	padlen := align - (len(magic)+2+2+hlen)%align
	out := make([]byte, 0, len(magic)+4+hlen+padlen)
	out = append(out, magic...)
	out = append(out, 1, 0)
	out = binary.LittleEndian.AppendUint16(out, uint16(hlen+padlen))
	out = append(out, dict...)
	for range padlen {
		out = append(out, ' ')
	}
	return append(out, '\n')
}

// ParseHeader parses the header at the start of b (which may hold more of
// the file after it) and checks that it describes a 2-D '<f4' C-order
// matrix whose data size fits in an int.
func ParseHeader(b []byte) (Info, error) {
	start, hlen, err := prefix(b)
	if err != nil {
		return Info{}, err
	}
	if len(b) < start+hlen {
		return Info{}, errf(ErrHeader, "malformed .npy header: %d bytes announced, %d present", hlen, len(b)-start)
	}
	d, err := parseDict(string(b[start : start+hlen]))
	if err != nil {
		return Info{}, err
	}
	info := Info{Rows: d.rows, Cols: d.cols, DataOffset: start + hlen}
	if info.Cols != 0 && int64(info.Rows) > (math.MaxInt64-int64(info.DataOffset))/4/int64(info.Cols) {
		return Info{}, errf(ErrSize, "shape (%d, %d) too large", info.Rows, info.Cols)
	}
	if int64(info.DataOffset)+info.DataBytes() > int64(math.MaxInt) {
		return Info{}, errf(ErrSize, "shape (%d, %d) too large", info.Rows, info.Cols)
	}
	return info, nil
}

// prefix checks the magic and version and returns where the header dict
// starts and how long it is.
func prefix(b []byte) (start, hlen int, err error) {
	if len(b) < len(magic)+2 || string(b[:len(magic)]) != magic {
		return 0, 0, errf(ErrNotNPY, "not a .npy file (bad magic)")
	}
	switch major, minor := b[len(magic)], b[len(magic)+1]; {
	case major == 1 && minor == 0:
		start = len(magic) + 4
		if len(b) < start {
			return 0, 0, errf(ErrHeader, "malformed .npy header: length field cut short")
		}
		hlen = int(binary.LittleEndian.Uint16(b[len(magic)+2:]))
	case major == 2 && minor == 0:
		start = len(magic) + 6
		if len(b) < start {
			return 0, 0, errf(ErrHeader, "malformed .npy header: length field cut short")
		}
		n := binary.LittleEndian.Uint32(b[len(magic)+2:])
		if n > maxHeader {
			return 0, 0, errf(ErrHeader, "malformed .npy header: length %d exceeds %d", n, maxHeader)
		}
		hlen = int(n)
	default:
		return 0, 0, errf(ErrVersion, ".npy version %d.%d not supported: want 1.0 or 2.0", major, minor)
	}
	return start, hlen, nil
}

// npyError carries a complete message and the sentinel it stands for, so
// messages read naturally ("dtype '<f8' not supported: ...") yet errors.Is
// still works.
type npyError struct {
	msg  string
	kind error
}

func (e *npyError) Error() string { return e.msg }
func (e *npyError) Unwrap() error { return e.kind }

func errf(kind error, format string, a ...any) error {
	return &npyError{fmt.Sprintf(format, a...), kind}
}
