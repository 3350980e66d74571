package pipeline

import (
	"encoding/json"
	"errors"
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

// writeFile writes name through name.tmp with internal/atomicfile: the
// temporary name is fixed, so that a resumed run finds and removes it
// (scan), and it is opened with openFile, so that links are refused and
// tests can inject faults.
func (d *outDir) writeFile(name string, write func(w io.Writer) error) error {
	path := d.join(name)
	open := func(name string, flag int, perm os.FileMode) (atomicfile.File, error) {
		f, err := openFile(name, flag, perm)
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	if err := vecdir.CheckRegular(path); err != nil {
		return err
	}
	return atomicfile.Write(path, write, atomicfile.TempName(path+tmpSuffix), atomicfile.Opener(open))
}

// publish makes the partial file f (open at tmp) the file at path with
// atomicfile.Publish, refusing a link or pipe planted at path.
func publish(f file, tmp, path string) error {
	if err := vecdir.CheckRegular(path); err != nil {
		return err
	}
	return atomicfile.Publish(f, tmp, path)
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
