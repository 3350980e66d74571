package npy

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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
// atomically: a temporary file in the same directory is written, synced
// and renamed over path, so readers see the old file or the new one.
func Write(path string, rows, cols int, data []float32) (err error) {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		return fmt.Errorf("write %s: %w: %d values for shape (%d, %d)", path, ErrShape, len(data), rows, cols)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = Encode(bw, rows, cols, data); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable where the platform allows; failure only
// weakens durability, not atomicity, so it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
