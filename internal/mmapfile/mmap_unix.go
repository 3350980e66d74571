//go:build unix

package mmapfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// Map maps the first size bytes of f read-only. size must be positive:
// an empty mapping is an error on most systems.
func Map(f *os.File, size int) (data []byte, unmap func() error, err error) {
	b, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return unix.Munmap(b) }, nil
}
