//go:build unix

package mmapfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// Shared maps the first size bytes of f read-only and shared. size must be
// positive: an empty mapping is an error on most systems. Truncating the
// file while it is mapped makes access past the new end fatal (SIGBUS).
func Shared(f *os.File, size int) (data []byte, unmap func() error, err error) {
	b, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return unix.Munmap(b) }, nil
}
