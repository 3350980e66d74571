package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// bufSize batches the writer's small writes into few system calls.
const bufSize = 1 << 20

// File is what Write and Publish need of a file being written.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// OpenFunc opens a file like os.OpenFile. Callers that must inject faults
// or refuse links pass their own (see Opener).
type OpenFunc func(name string, flag int, perm fs.FileMode) (File, error)

type config struct {
	temp string
	open OpenFunc
}

// Option changes how Write makes its temporary file.
type Option func(*config)

// tempSuffix ends every temporary name Write makes, random or fixed.
const tempSuffix = ".tmp"

// FixedTemp is the fixed temporary path for path that a writer passes
// to TempName: path + ".tmp". TempTarget recognises it.
func FixedTemp(path string) string { return path + tempSuffix }

// TempTarget reports whether name, a base name, is a temporary file
// Write makes and, if so, the base name of the file it was becoming:
// ".TARGET.DIGITS.tmp" (the random default) or "TARGET.tmp" (FixedTemp),
// the random form tried first. Write removes its temporary file on every
// error, but a kill -9 leaves it, as large as the file was to be; the
// owner of a directory, holding its lock, removes those whose target is
// a name it owns, and nothing else.
func TempTarget(name string) (target string, ok bool) {
	rest, ok := strings.CutSuffix(name, tempSuffix)
	if !ok || strings.ContainsRune(name, filepath.Separator) {
		return "", false
	}
	if i := strings.LastIndexByte(rest, '.'); i > 1 && rest[0] == '.' && isDigits(rest[i+1:]) {
		return rest[1:i], true
	}
	return rest, rest != ""
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// TempName makes Write use the fixed temporary path tmp (in the target's
// directory) instead of a random one, so that a later run knows what a
// crash left behind. Whatever is at tmp is removed first and the file is
// created exclusively: a file or link planted there is never written
// through.
func TempName(tmp string) Option { return func(c *config) { c.temp = tmp } }

// Opener makes Write open its temporary file with open.
func Opener(open OpenFunc) Option { return func(c *config) { c.open = open } }

// Write writes path through write, atomically (see the package doc).
func Write(path string, write func(io.Writer) error, opts ...Option) (err error) {
	f, tmp, err := create(path, opts)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	bw := bufio.NewWriterSize(f, bufSize)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	return Publish(f, tmp, path)
}

// create makes the temporary file: a random name by default, 0644.
func create(path string, opts []Option) (File, string, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.temp == "" && c.open == nil {
		dir, base := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		f, err := os.CreateTemp(dir, "."+base+".*"+tempSuffix)
		if err != nil {
			return nil, "", err
		}
		// os.CreateTemp makes 0600; bertvec's outputs are for sharing.
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, "", err
		}
		return f, f.Name(), nil
	}
	if c.temp == "" {
		c.temp = FixedTemp(path)
	}
	if c.open == nil {
		c.open = func(name string, flag int, perm fs.FileMode) (File, error) { return os.OpenFile(name, flag, perm) }
	}
	if err := os.Remove(c.temp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	f, err := c.open(c.temp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, "", err
	}
	return f, c.temp, nil
}

// Publish makes f, open at tmp and fully written, the file at path: fsync,
// close, rename over path (a link there is replaced, not followed), fsync
// the directory. Every error is returned, the directory's fsync
// included: a caller that reports success must know the rename is
// durable.
func Publish(f File, tmp, path string) error {
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// SyncDir makes renames, creations and removals in dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// WriteBytes writes b to path, atomically.
func WriteBytes(path string, b []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// CheckWritable fails early, before minutes of work, when path cannot be
// written: its directory is missing or read-only, or path is a directory.
func CheckWritable(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("write %s: is a directory", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".bertvec-check-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
