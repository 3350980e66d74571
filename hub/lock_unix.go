//go:build unix

package hub

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// noFollow makes an open refuse a symbolic link planted where bertvec
// writes (an .incomplete, a lock, a marker) instead of writing through it.
const noFollow = syscall.O_NOFOLLOW

// lockBlob takes the blob's lock file under .locks/, the same flock
// Python's filelock takes there, so bertvec and huggingface_hub never
// write one blob at once. waiting is called once if another process holds
// it. The kernel drops the lock when a process dies, even by kill -9.
func lockBlob(ctx context.Context, path string, waiting func()) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o666)
	if err != nil {
		return nil, err
	}
	told := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if !told {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond): // filelock's poll interval
		}
	}
}
