package vecdir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/bertvec/bertvec/internal/regfile"
)

// ErrNotRegular reports a file of a vectors directory that is a symbolic
// link, a named pipe, a device or a directory: bertvec reads and writes
// only regular files there, so that a planted link or pipe can neither
// redirect a write nor hang a read. It is the sentinel internal/regfile
// uses for the files bertvec reads from others (which may be links, as in
// a Hugging Face cache): one error, two policies on links.
var ErrNotRegular = regfile.ErrNotRegular

// ErrTooLarge reports a file larger than a reader's bound
// (internal/regfile's sentinel).
var ErrTooLarge = regfile.ErrTooLarge

// OpenRegular opens path read-only without following a final symbolic
// link and without blocking on a named pipe, and refuses anything but a
// regular file.
func OpenRegular(path string) (*os.File, error) {
	return OpenFile(path, os.O_RDONLY, 0)
}

// OpenFile is os.OpenFile for the files of a vectors directory: it does
// not follow a final symbolic link (O_NOFOLLOW), does not block on a named
// pipe (O_NONBLOCK), and refuses what it opened unless it is a regular
// file, wrapping ErrNotRegular.
func OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, notRegular(path, fi.Mode())
	}
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if err != nil {
		if isLoop(err) {
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
	}
	return fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, what)
}

// CheckRegular reports an error unless path is missing or a regular file.
// It is for names about to be written: a link or pipe planted there is
// refused rather than replaced or followed.
func CheckRegular(path string) error {
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

// ReadRegular reads a regular file of at most limit bytes (see OpenRegular).
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w: more than %d bytes", path, ErrTooLarge, limit)
	}
	return data, nil
}
