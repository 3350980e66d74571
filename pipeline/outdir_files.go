package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/bertvec/bertvec/contextvec"
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

// writeFile writes name through atomicfile.FixedTemp(name): the
// temporary name is fixed, and it is opened with openFile, so that links
// are refused and tests can inject faults. A crash's leftover is removed
// by removeTemps, as the random temporary files of npy's writers are.
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
	return atomicfile.Write(path, write, atomicfile.TempName(atomicfile.FixedTemp(path)), atomicfile.Opener(open))
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

// removeTemps removes every temporary file a killed writer left in the
// locked out dir (atomicfile.TempTarget) whose target is one of names or
// a context checkpoint's, whatever generation: the random ones of npy's
// writers, as large as a checkpoint (layers x V x H x 8 bytes), included.
// A temporary file for a name bertvec does not own, or a directory, is
// not bertvec's and stays.
func (d *outDir) removeTemps(names []string) error {
	ents, err := os.ReadDir(d.path)
	if err != nil {
		return fmt.Errorf("out dir: %w", err)
	}
	removed := false
	for _, e := range ents {
		target, ok := atomicfile.TempTarget(e.Name())
		if !ok || e.IsDir() || !(slices.Contains(names, target) || contextvec.IsCheckpointFile(target)) {
			continue
		}
		if err := os.Remove(d.join(e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove stale temp file: %w", err)
		}
		removed = true
	}
	if !removed {
		return nil
	}
	return atomicfile.SyncDir(d.path)
}

func newJSONEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc
}
