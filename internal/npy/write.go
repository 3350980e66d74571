package npy

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/bertvec/bertvec/internal/atomicfile"
)

// Encode writes a complete .npy file (header then data) for the rows×cols
// matrix data to w.
func Encode(w io.Writer, rows, cols int, data []float32) error {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		return fmt.Errorf("%w: %d values for shape (%d, %d)", ErrShape, len(data), rows, cols)
	}
	if _, err := w.Write(Header(rows, cols)); err != nil {
		return err
	}
	// Encode through a small buffer rather than reinterpret memory, so the
	// bytes are little-endian whatever the host.
	var buf [4096]byte
	for len(data) > 0 {
		n := min(len(data), len(buf)/4)
		for i, v := range data[:n] {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
		}
		if _, err := w.Write(buf[:4*n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// Write writes the rows×cols matrix data to path as a .npy file,
// atomically (see internal/atomicfile): readers see the old file or the
// new one.
func Write(path string, rows, cols int, data []float32) error {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		return fmt.Errorf("write %s: %w: %d values for shape (%d, %d)", path, ErrShape, len(data), rows, cols)
	}
	return atomicfile.Write(path, func(w io.Writer) error { return Encode(w, rows, cols, data) })
}
