//go:build !unix

package mmapfile

import "os"

// Shared reads the first size bytes of f into memory where mmap is not
// available.
func Shared(f *os.File, size int) (data []byte, unmap func() error, err error) {
	b, err := readCopy(f, size)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return nil }, nil
}
