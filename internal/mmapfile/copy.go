package mmapfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxPrivate is the largest file Map copies rather than maps: 2 GiB, a
// 500k × 1024 float32 matrix.
const MaxPrivate = 2 << 30

// ErrChanged reports a file that became shorter while it was read.
var ErrChanged = errors.New("file changed while being read")

// Map returns the first size bytes of f as a view that another process
// cannot pull away: a private copy up to MaxPrivate bytes, a shared map
// (see Shared) beyond.
func Map(f *os.File, size int) (data []byte, release func() error, err error) {
	if size > MaxPrivate {
		return Shared(f, size)
	}
	b, err := readCopy(f, size)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return nil }, nil
}

// readCopy reads exactly size bytes from the start of f.
func readCopy(f *os.File, size int) ([]byte, error) {
	b := make([]byte, size)
	n, err := f.ReadAt(b, 0)
	if n == size {
		return b, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w: %d bytes expected, %d read", f.Name(), ErrChanged, size, n)
	}
	return nil, err
}
