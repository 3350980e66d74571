package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/vecdir"
)

// StateFile holds the resume identity while a run is unfinished. The
// other names come from vecdir.
const StateFile = "extract.state.json"

func partialFile(k vecdir.Kind) string { return k.File() + ".partial" }
func doneFile(k vecdir.Kind) string    { return k.String() + ".done" }

// ownFiles lists every name Extract may leave in an out dir, for every
// kind whether selected or not, so that a run never mixes with another's.
func ownFiles() []string {
	names := []string{vecdir.MetaFile, vecdir.VocabFile, StateFile}
	for _, k := range vecdir.DefaultKinds {
		names = append(names, k.File(), partialFile(k), doneFile(k), k.Word2VecText(), k.Word2VecBinary())
	}
	return names
}

// outDir is the out dir as Extract found it.
type outDir struct {
	path    string
	present []string // own files found (not temp files)
}

func (d *outDir) join(name string) string { return filepath.Join(d.path, name) }

func (d *outDir) has(name string) bool {
	for _, n := range d.present {
		if n == name {
			return true
		}
	}
	return false
}

// openOutDir creates dir if needed, removes temp files a crash left
// behind (the caller holds the lock), and lists our files in it.
func openOutDir(dir string) (*outDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create out dir: %w", err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("out dir: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("out dir %s is not a directory", dir)
	}
	return &outDir{path: dir}, nil
}

// scan removes stale temp files and fills d.present.
func (d *outDir) scan() error {
	d.present = nil
	for _, name := range ownFiles() {
		if err := os.Remove(d.join(name + tmpSuffix)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove stale temp file: %w", err)
		}
		if _, err := os.Lstat(d.join(name)); err == nil {
			d.present = append(d.present, name)
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("out dir: %w", err)
		}
	}
	return nil
}

// clear removes all our files (for Force); other files stay.
func (d *outDir) clear() error {
	for _, name := range d.present {
		if err := os.Remove(d.join(name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("force: %w", err)
		}
	}
	d.present = nil
	return atomicfile.SyncDir(d.path)
}

func (d *outDir) existsError() error {
	hint := "use --resume to continue or --force to start over"
	if d.has(vecdir.MetaFile) && !d.has(StateFile) {
		hint = "it is complete; use --force to overwrite it"
	}
	return fmt.Errorf("%w: %s holds %s; %s", ErrOutputExists, d.path, strings.Join(d.present, ", "), hint)
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
