package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/vecdir"
)

// StateFile holds the resume identity while a run is unfinished. The
// other names come from vecdir.
const StateFile = "extract.state.json"

func partialFile(k vecdir.Kind) string { return k.File() + ".partial" }
func doneFile(k vecdir.Kind) string    { return k.String() + ".done" }

// kindFiles lists every name a run may leave for kind k, context kinds'
// companions (contextvec.AuxFiles) included.
func kindFiles(k vecdir.Kind) []string {
	names := []string{k.File(), partialFile(k), doneFile(k), k.Word2VecText(), k.Word2VecBinary()}
	if k.IsContext() {
		names = append(names, contextvec.AuxFiles(k)...)
	}
	return names
}

// outDir owns an output directory for one run, from lock to meta.json:
//
//  1. openOutDir creates and locks it, removes stale temp files, and
//     sorts what is there into bertvec's files and others (only a state
//     file or meta.json makes vocab.txt or a .npy bertvec's);
//  2. begin compares the run's identity with the saved one and returns
//     the state to run with: fresh, resumed, a kind added to a complete
//     directory, or already complete;
//  3. createPartial/openPartial, publish and writeFile make every file,
//     refusing links and pipes and publishing only by rename;
//  4. saveState records each finished kind; finish writes vocab.txt and
//     meta.json last and drops the state.
//
// Shards and merge write through the same type, so that the hostile-input
// rules live in one place.
type outDir struct {
	path      string
	unlock    func()
	present   []string     // names found that bertvec may own
	foreign   []string     // names bertvec writes, found but not bertvec's
	st        *state       // the saved state, when StateFile was there
	leftovers bool         // a state, partial or done file is there
	meta      *vecdir.Meta // meta.json, when it was there and parsed
}

// ownNames lists every name a run may write, for the standard kinds and
// for every kind the state or meta names, and the context checkpoints
// found in dir.
func ownNames(dir string, extra []vecdir.Kind) ([]string, error) {
	names := []string{vecdir.MetaFile, vecdir.VocabFile, StateFile, vecdir.TokenizerConfigFile, vecdir.SpecialTokensFile}
	kinds := append(slices.Clone(vecdir.DefaultKinds), extra...)
	vecdir.SortKinds(kinds)
	for _, k := range slices.Compact(kinds) {
		names = append(names, kindFiles(k)...)
	}
	ckpts, err := contextvec.CheckpointFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("out dir: %w", err)
	}
	return slices.Compact(append(names, ckpts...)), nil
}

// openOutDir creates dir if needed, locks it, and scans it (see outDir).
// The caller must close it.
func openOutDir(dir string) (*outDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create out dir: %w", err)
	}
	if err := CheckOutDir(dir); err != nil {
		return nil, err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	d := &outDir{path: dir, unlock: unlock}
	if err := d.scan(true); err != nil {
		unlock()
		return nil, err
	}
	return d, nil
}

func (d *outDir) close() { d.unlock() }

// CheckOutDir refuses, before a model is loaded, an out dir that must not
// be written: not a directory, or a model checkpoint (config.json beside
// weights), whose vocab.txt bertvec would take for its own. A missing dir
// is fine.
func CheckOutDir(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("out dir: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%w: %s is not a directory", ErrForeignDir, dir)
	}
	if w := checkpointWeights(dir); w != "" {
		return fmt.Errorf("%w: %s holds a model checkpoint (config.json and %s); write the vectors to another directory",
			ErrForeignDir, dir, w)
	}
	return nil
}

// Precheck tells, before a model is loaded and hashed, whether Extract
// would refuse o.OutDir whatever the model: a directory that is not
// bertvec's (see CheckOutDir), a link or pipe under one of its names, or
// output that neither Resume nor Force lets Extract touch (an unfinished
// run, or a complete one that already has every kind asked for). It
// writes nothing and takes no lock; Extract checks again.
func Precheck(o Options) error {
	if err := CheckOutDir(o.OutDir); err != nil {
		return err
	}
	if _, err := os.Stat(o.OutDir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	d := &outDir{path: o.OutDir}
	if err := d.scan(false); err != nil {
		return err
	}
	if o.Resume || o.Force || len(d.present) == 0 {
		return nil
	}
	kinds := o.Kinds
	if len(kinds) == 0 {
		kinds = vecdir.DefaultKinds
	}
	if d.meta != nil && d.st == nil {
		for _, k := range kinds {
			if d.meta.Kind(k) == nil {
				return nil // adding a kind: Extract decides with the model's identity
			}
		}
	}
	return d.existsError()
}

// checkpointWeights returns the weight file of a checkpoint directory, or
// "" when dir has no config.json or no weights.
func checkpointWeights(dir string) string {
	if _, err := os.Lstat(filepath.Join(dir, "config.json")); err != nil {
		return ""
	}
	for _, name := range []string{"pytorch_model.bin", "model.safetensors", "tf_model.h5", "flax_model.msgpack",
		"pytorch_model.bin.index.json", "model.safetensors.index.json"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return name
		}
	}
	return ""
}

func (d *outDir) join(name string) string { return filepath.Join(d.path, name) }

func (d *outDir) has(name string) bool { return slices.Contains(d.present, name) }

// scan removes stale temp files, reads the state and meta, and sorts the
// names bertvec writes into present (bertvec's) and foreign. Any of them
// that is not a regular file is refused: a link planted there could
// redirect a write.
func (d *outDir) scan(clean bool) error {
	d.present, d.foreign, d.st, d.meta, d.leftovers = nil, nil, nil, nil, false
	var extra []vecdir.Kind
	if err := vecdir.CheckRegular(d.join(StateFile)); err != nil {
		return err
	}
	if st, err := loadState(d.join(StateFile)); err == nil {
		d.st = st
		extra = st.Identity.kinds()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if m, err := vecdir.ReadMeta(d.path); err == nil && len(m.Kinds) > 0 {
		d.meta = m
		extra = append(extra, m.KindList()...)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, vecdir.ErrMeta) {
		return err
	}
	names, err := ownNames(d.path, extra)
	if err != nil {
		return err
	}
	for _, name := range names {
		if onlyBertvecs(name) && lexists(d.join(name)) {
			d.leftovers = true
		}
	}
	if clean {
		if err := d.removeTemps(names); err != nil {
			return err
		}
	}
	for _, name := range names {
		fi, err := os.Lstat(d.join(name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			return fmt.Errorf("out dir: %w", err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%w: %w", ErrForeignDir, vecdir.CheckRegular(d.join(name)))
		}
		if d.owns(name) {
			d.present = append(d.present, name)
		} else {
			d.foreign = append(d.foreign, name)
		}
	}
	if len(d.foreign) > 0 {
		return fmt.Errorf("%w: %s holds %s, which bertvec did not write (no %s or %s says so); write the vectors to another directory",
			ErrForeignDir, d.path, strings.Join(d.foreign, ", "), StateFile, vecdir.MetaFile)
	}
	return nil
}

// onlyBertvecs reports whether no other tool writes a file of that name.
func onlyBertvecs(name string) bool {
	return name == StateFile || strings.HasSuffix(name, ".partial") || strings.HasSuffix(name, ".done") ||
		contextvec.IsCheckpointFile(name)
}

func lexists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// owns reports whether name counts as bertvec's: names only bertvec uses
// always do; vocab.txt, meta.json and finished files only when a state
// file, a bertvec meta.json or the leftovers of a run are there.
func (d *outDir) owns(name string) bool {
	switch {
	case onlyBertvecs(name):
		return true
	case name == vecdir.MetaFile:
		return d.meta != nil
	}
	return d.st != nil || d.meta != nil || d.leftovers
}

// clear removes all bertvec's files (for Force); other files stay.
func (d *outDir) clear() error {
	for _, name := range d.present {
		if err := os.Remove(d.join(name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("clear out dir: %w", err)
		}
	}
	d.present, d.st, d.meta = nil, nil, nil
	return atomicfile.SyncDir(d.path)
}

// existsError is ErrOutputExists with what is there; complete tells the
// caller whether the directory is a finished one.
func (d *outDir) existsError() error {
	return &ExistsError{Dir: d.path, Files: slices.Clone(d.present), Complete: d.meta != nil && d.st == nil}
}
