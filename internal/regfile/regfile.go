package regfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

var (
	// ErrNotRegular: a named pipe, a device, a socket, a directory, or
	// (with NoFollow) a symbolic link.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: a file longer than the reader's bound.
	ErrTooLarge = errors.New("file too large")
)

// Option changes how Open, OpenFile and ReadFile treat a path.
type Option func(*options)

type options struct{ noFollow bool }

// NoFollow refuses a final symbolic link (ErrNotRegular) instead of
// following it: for the files bertvec writes and reads back, where a
// planted link must neither redirect a write nor stand for a file.
func NoFollow() Option { return func(o *options) { o.noFollow = true } }

// Open opens path read-only and returns it only if it is a regular file;
// it never blocks on a named pipe, and follows symbolic links unless
// told NoFollow.
func Open(path string, opts ...Option) (*os.File, error) {
	return OpenFile(path, os.O_RDONLY, 0, opts...)
}

// OpenFile is os.OpenFile that never blocks on a named pipe (O_NONBLOCK,
// which changes nothing for a regular file) and refuses what it opened
// unless it is a regular file, wrapping ErrNotRegular.
func OpenFile(path string, flag int, perm fs.FileMode, opts ...Option) (*os.File, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	flag |= nonBlock
	if o.noFollow {
		if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
			return nil, notRegular(path, fi.Mode())
		}
		flag |= noFollow
	}
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		if o.noFollow && isLoop(err) {
			return nil, fmt.Errorf("%s: %w (a symbolic link)", path, ErrNotRegular)
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(path, fi.Mode())
	}
	return f, nil
}

// Check reports an error unless path is missing or a regular file, not
// following a final symbolic link. It is for names about to be written: a
// link or pipe planted there is refused rather than replaced or followed.
func Check(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return notRegular(path, fi.Mode())
	}
	return nil
}

func notRegular(path string, m fs.FileMode) error {
	what := "a special file"
	switch {
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, what)
}

// ReadFile reads a regular file of at most limit bytes (see Open).
func ReadFile(path string, limit int64, opts ...Option) ([]byte, error) {
	f, err := Open(path, opts...)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w: more than %d bytes", path, ErrTooLarge, limit)
	}
	return b, nil
}
