//go:build !unix

package mmapfile

import (
	"io"
	"os"
)

// Map reads the first size bytes of f into memory where mmap is not
// available.
func Map(f *os.File, size int) (data []byte, unmap func() error, err error) {
	b := make([]byte, size)
	if _, err := f.ReadAt(b, 0); err != nil && err != io.EOF {
		return nil, nil, err
	}
	return b, func() error { return nil }, nil
}
