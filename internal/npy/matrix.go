package npy

import (
	"fmt"
	"io"
	"os"
	"unsafe"

	"github.com/bertvec/bertvec/internal/mmapfile"
	"github.com/bertvec/bertvec/internal/regfile"
)

// Matrix is a read-only rows×cols float32 matrix backed by a .npy file.
type Matrix struct {
	Rows, Cols int
	// Data holds the Rows*Cols values row-major. It aliases the file's
	// memory mapping: do not write to it, and do not use it after Close.
	Data []float32

	unmap func() error
}

// Row returns row i of the matrix, aliasing Data.
func (m *Matrix) Row(i int) []float32 {
	return m.Data[i*m.Cols : (i+1)*m.Cols : (i+1)*m.Cols]
}

// Close releases the mapping. Data and every Row slice become invalid.
func (m *Matrix) Close() error {
	m.Data = nil
	if m.unmap == nil {
		return nil
	}
	err := m.unmap()
	m.unmap = nil
	return err
}

// Open maps the .npy file at path read-only after checking its header and
// that its size is exactly header + rows*cols*4 bytes.
func Open(path string) (*Matrix, error) {
	if !littleEndian() {
		return nil, fmt.Errorf("open %s: %w", path, ErrBigEndian)
	}
	f, err := regfile.Open(path) // a named pipe would hang, a device never end
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := Stat(f)
	if err != nil {
		return nil, err
	}
	m := &Matrix{Rows: info.Rows, Cols: info.Cols}
	n := info.Rows * info.Cols
	if n == 0 {
		m.Data = []float32{}
		return m, nil
	}
	buf, unmap, err := mmapfile.Map(f, int(int64(info.DataOffset)+info.DataBytes())) // the file's size (Stat)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	data := buf[info.DataOffset:]
	if uintptr(unsafe.Pointer(&data[0]))%4 != 0 {
		// Only a foreign writer leaves the data unaligned; copy rather
		// than hand out misaligned float32s.
		m.Data = make([]float32, n)
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&m.Data[0])), n*4), data)
		return m, unmap()
	}
	m.Data = unsafe.Slice((*float32)(unsafe.Pointer(&data[0])), n)
	m.unmap = unmap
	return m, nil
}

// Stat checks the open .npy file f as Open does, its header and that its
// size is exactly header + rows*cols*4 bytes, without reading the data:
// for a caller that needs the shape of a file it has open (vecdir checks a
// file it has just hashed). It reads at offsets, leaving f's own alone.
func Stat(f *os.File) (Info, error) {
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	info, err := readHeader(io.NewSectionReader(f, 0, st.Size()))
	if err != nil {
		return Info{}, fmt.Errorf("%s: %w", f.Name(), err)
	}
	if want := int64(info.DataOffset) + info.DataBytes(); st.Size() != want {
		return Info{}, fmt.Errorf("%s: %w", f.Name(), errf(ErrTruncated,
			"file is %d bytes, header says %d (shape (%d, %d) float32 after a %d-byte header): truncated or corrupted",
			st.Size(), want, info.Rows, info.Cols, info.DataOffset))
	}
	return info, nil
}

// readHeader reads just enough of r to parse its header.
func readHeader(r io.Reader) (Info, error) {
	b := make([]byte, len(magic)+6)
	n, _ := io.ReadFull(r, b)
	b = b[:n]
	start, hlen, err := prefix(b)
	if err != nil {
		return Info{}, err
	}
	if more := start + hlen - len(b); more > 0 {
		rest := make([]byte, more)
		m, _ := io.ReadFull(r, rest)
		b = append(b, rest[:m]...)
	}
	return ParseHeader(b)
}

func littleEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}
