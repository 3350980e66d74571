package vecdir

import (
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
	return regfile.Open(path, regfile.NoFollow())
}

// OpenFile is os.OpenFile for the files of a vectors directory: it does
// not follow a final symbolic link (O_NOFOLLOW), does not block on a named
// pipe (O_NONBLOCK), and refuses what it opened unless it is a regular
// file, wrapping ErrNotRegular.
func OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	return regfile.OpenFile(path, flag, perm, regfile.NoFollow())
}

// CheckRegular reports an error unless path is missing or a regular file.
// It is for names about to be written: a link or pipe planted there is
// refused rather than replaced or followed.
func CheckRegular(path string) error { return regfile.Check(path) }

// ReadRegular reads a regular file of at most limit bytes (see OpenRegular).
func ReadRegular(path string, limit int64) ([]byte, error) {
	return regfile.ReadFile(path, limit, regfile.NoFollow())
}
