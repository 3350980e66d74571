package pipeline

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/atomicfile"
)

// file is the part of *os.File the pipeline writes through; tests swap
// openFile to inject faults such as ENOSPC.
type file interface {
	io.Writer
	io.WriterAt
	io.ReaderAt
	Sync() error
	Close() error
	Truncate(size int64) error
	Stat() (os.FileInfo, error)
}

// openFile opens the files the pipeline writes. Tests replace it.
var openFile = func(name string, flag int, perm os.FileMode) (file, error) {
	return os.OpenFile(name, flag, perm)
}

// tmpSuffix marks a file being written; it is renamed away once complete.
const tmpSuffix = ".tmp"

// writeAtomic writes dir/name through dir/name.tmp: write, fsync, rename,
// fsync dir. A crash leaves either the old file or the new one, never a
// part. Unlike internal/atomicfile.Write, the temporary name is fixed, so
// that a resumed run finds and removes it, and the file comes from
// openFile, so that tests can inject faults.
func writeAtomic(dir, name string, write func(w io.Writer) error) (err error) {
	path := filepath.Join(dir, name)
	tmp := path + tmpSuffix
	f, err := openFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := commitFile(f, tmp, path); err != nil {
		return err
	}
	return nil
}

// commitFile fsyncs and closes f (open at tmp), renames it to path and
// fsyncs the directory, so that path holds complete data after a crash.
func commitFile(f file, tmp, path string) error {
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}
