package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/regfile"
)

// Besides the float32 matrices, bertvec keeps two small kinds of array:
// occurrence counts ('<i8', 1-D) and float64 sums ('<f8', 2-D) of context
// extraction. They are read whole into memory (their size is checked
// against the file's before anything is allocated) and written atomically.

// WriteInt64 writes data as a 1-D '<i8' .npy file, atomically.
func WriteInt64(path string, data []int64) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		b := headerFor("<i8", len(data))
		for _, v := range data {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
		_, err := w.Write(b)
		return err
	})
}

// WriteFloat64 writes the rows×cols matrix data as a 2-D '<f8' .npy file,
// atomically. parts, if more than one, are stacked row-wise in order
// (without copying them into one slice first).
func WriteFloat64(path string, rows, cols int, parts ...[]float64) error {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if rows < 0 || cols < 0 || n != rows*cols {
		return fmt.Errorf("write %s: %w: %d values for shape (%d, %d)", path, ErrShape, n, rows, cols)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		if _, err := w.Write(headerFor("<f8", rows, cols)); err != nil {
			return err
		}
		buf := make([]byte, 0, 1<<16)
		for _, data := range parts {
			for len(data) > 0 {
				n := min(len(data), cap(buf)/8)
				buf = buf[:0]
				for _, v := range data[:n] {
					buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
				}
				if _, err := w.Write(buf); err != nil {
					return err
				}
				data = data[n:]
			}
		}
		return nil
	})
}

// ReadInt64 reads a 1-D '<i8' .npy file.
func ReadInt64(path string) ([]int64, error) {
	var out []int64
	err := readTyped(path, "<i8", 1, func(shape []int) {
		out = make([]int64, shape[0])
	}, func(i int, b []byte) { out[i] = int64(binary.LittleEndian.Uint64(b)) })
	return out, err
}

// ReadFloat64 reads a 2-D '<f8' .npy file.
func ReadFloat64(path string) (rows, cols int, data []float64, err error) {
	err = readTyped(path, "<f8", 2, func(shape []int) {
		rows, cols = shape[0], shape[1]
		data = make([]float64, rows*cols)
	}, func(i int, b []byte) { data[i] = math.Float64frombits(binary.LittleEndian.Uint64(b)) })
	return rows, cols, data, err
}

// readTyped checks the header of an 8-byte dtype file and that the file
// holds exactly the data it announces, calls alloc with the shape, then
// set for every value in order, decoding through a small buffer so that
// the file's bytes are never held whole.
func readTyped(path, descr string, dims int, alloc func(shape []int), set func(i int, b []byte)) error {
	f, err := regfile.Open(path) // a named pipe would hang, a device never end
	if errors.Is(err, regfile.ErrNotRegular) {
		return fmt.Errorf("%w: %w", ErrNotNPY, err)
	} else if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	head := make([]byte, min(st.Size(), maxHeader+16))
	if _, err := io.ReadFull(f, head); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	start, hlen, err := prefix(head)
	if err == nil && len(head) < start+hlen {
		err = errf(ErrHeader, "malformed .npy header: %d bytes announced, %d present", hlen, len(head)-start)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	d, sh, err := parseAny(string(head[start : start+hlen]))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if d.str != descr {
		return fmt.Errorf("%s: %w", path, errf(ErrDtype, "dtype %s not supported: want '%s'", d.raw, descr))
	}
	if len(sh.ints) != dims {
		return fmt.Errorf("%s: %w", path, errf(ErrShape, "shape %s is %d-D: want %d-D", sh.raw, len(sh.ints), dims))
	}
	n := int64(1)
	for _, v := range sh.ints {
		if v != 0 && n > st.Size()/int64(v) {
			return fmt.Errorf("%s: %w", path, errf(ErrTruncated, "shape %s does not fit in a %d-byte file", sh.raw, st.Size()))
		}
		n *= int64(v)
	}
	if want := int64(start+hlen) + 8*n; st.Size() != want {
		return fmt.Errorf("%s: %w", path, errf(ErrTruncated, "file is %d bytes, header says %d: truncated or corrupted", st.Size(), want))
	}
	alloc(sh.ints)
	r := io.NewSectionReader(f, int64(start+hlen), 8*n)
	buf := make([]byte, 1<<16)
	for i := int64(0); i < n; {
		m := min(int64(len(buf)), 8*(n-i))
		if _, err := io.ReadFull(r, buf[:m]); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for j := int64(0); j < m; j += 8 {
			set(int(i), buf[j:j+8])
			i++
		}
	}
	return nil
}
