//go:build linux

package pipeline

import (
	"errors"
	"os"
	"syscall"
)

// preallocate reserves size bytes for f, so that a full disk fails now,
// with ENOSPC, and not halfway through the run. File systems without
// fallocate get a sparse file instead.
func preallocate(f file, size int64) error {
	if osf, ok := f.(*os.File); ok {
		err := syscall.Fallocate(int(osf.Fd()), 0, 0, size)
		if err == nil || !(errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS)) {
			return err
		}
	}
	return f.Truncate(size)
}
