package pipeline

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/vecdir"
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

// openFile opens the files of the out dir: never through a symbolic link,
// never blocking on a pipe, and only regular files (vecdir.OpenFile).
// Tests replace it.
var openFile = func(name string, flag int, perm os.FileMode) (file, error) {
	return vecdir.OpenFile(name, flag, perm)
}

// tmpSuffix marks a file being written; it is renamed away once complete.
const tmpSuffix = ".tmp"

// writeFile writes name through name.tmp: create it exclusively (a link
// or file planted under the temporary name is an error, not a target),
// write, fsync, rename, fsync the directory. A crash leaves either the old
// file or the new one, never a part. The temporary name is fixed, so that
// a resumed run finds and removes it (scan).
func (d *outDir) writeFile(name string, write func(w io.Writer) error) (err error) {
	path := d.join(name)
	tmp := path + tmpSuffix
	if err := removeIfExists(tmp); err != nil {
		return err
	}
	f, err := openFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
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
	return publish(f, tmp, path)
}

// publish fsyncs and closes f (open at tmp), renames it to path and
// fsyncs the directory, so that path holds complete data after a crash.
// Rename replaces whatever path was, a planted link included, without
// following it.
func publish(f file, tmp, path string) error {
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := vecdir.CheckRegular(path); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}

// removeIfExists removes path and syncs its dir when something was there.
func removeIfExists(path string) error {
	err := os.Remove(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}

func newJSONEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc
}
