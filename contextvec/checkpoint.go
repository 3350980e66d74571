package contextvec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// A checkpoint is three files in the out dir: CheckpointFile names the
// generation g and holds the identity and Position; the float64 sums
// (layers stacked, L·V rows) and the counts of generation g are in
// context.ckpt<g>_sum.npy and context.ckpt<g>_count.npy. Save writes
// generation g+1's arrays, then replaces CheckpointFile (the commit
// point), then removes generation g's: a crash at any moment leaves a
// CheckpointFile whose generation is complete.
const CheckpointFile = "context.ckpt.json"

// maxCheckpointJSON bounds what is read of CheckpointFile.
const maxCheckpointJSON = 1 << 20

// Identity is what a checkpoint must share with a run to resume it.
type Identity struct {
	ModelSHA256   string `json:"model_sha256"`
	Corpus        string `json:"corpus"`
	V             int    `json:"vocab_size"`
	H             int    `json:"hidden_size"`
	Layers        []int  `json:"layers"`
	Window        int    `json:"window"`
	BatchTokens   int    `json:"batch_tokens"`
	CommitWindows int    `json:"commit_windows"`
	Shard         Shard  `json:"shard"`
}

type checkpoint struct {
	Identity   Identity `json:"identity"`
	Generation int      `json:"generation"`
	Position   Position `json:"position"`
}

func ckptSum(g int) string   { return fmt.Sprintf("context.ckpt%d_sum.npy", g) }
func ckptCount(g int) string { return fmt.Sprintf("context.ckpt%d_count.npy", g) }

// Checkpoints saves and loads a run's checkpoints in dir.
type Checkpoints struct {
	Dir        string
	ID         Identity
	generation int
}

// Save makes acc and pos durable as the next generation.
func (c *Checkpoints) Save(acc *Accum, pos Position) error {
	g := c.generation + 1
	if err := npy.WriteFloat64(filepath.Join(c.Dir, ckptSum(g)), len(acc.Sums)*acc.V, acc.H, acc.Sums...); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err := npy.WriteInt64(filepath.Join(c.Dir, ckptCount(g)), acc.Counts); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	err := atomicfile.Write(filepath.Join(c.Dir, CheckpointFile), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(checkpoint{Identity: c.ID, Generation: g, Position: pos})
	})
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	c.removeGeneration(c.generation)
	c.generation = g
	return nil
}

func (c *Checkpoints) removeGeneration(g int) {
	if g > 0 {
		os.Remove(filepath.Join(c.Dir, ckptSum(g)))
		os.Remove(filepath.Join(c.Dir, ckptCount(g)))
	}
}

// Load restores the checkpoint in dir into a new Accum. It returns
// os.ErrNotExist (wrapped) when there is none, and ErrResume when it
// belongs to another run, naming what differs.
func (c *Checkpoints) Load() (*Accum, Position, error) {
	data, err := vecdir.ReadRegular(filepath.Join(c.Dir, CheckpointFile), maxCheckpointJSON)
	if err != nil {
		return nil, Position{}, err
	}
	var ck checkpoint
	if err := json.Unmarshal(data, &ck); err != nil || ck.Generation < 1 {
		return nil, Position{}, fmt.Errorf("%w: %s is damaged (%v)", ErrResume, CheckpointFile, err)
	}
	if diff := identityDiff(ck.Identity, c.ID); diff != "" {
		return nil, Position{}, fmt.Errorf("%w: the checkpoint in %s was made with %s", ErrResume, c.Dir, diff)
	}
	acc := &Accum{V: c.ID.V, H: c.ID.H, Layers: c.ID.Layers, Sums: make([][]float64, len(c.ID.Layers))}
	rows, cols, sums, err := npy.ReadFloat64(filepath.Join(c.Dir, ckptSum(ck.Generation)))
	if err == nil && (rows != len(acc.Layers)*acc.V || cols != acc.H) {
		err = fmt.Errorf("sums are (%d, %d), want (%d, %d)", rows, cols, len(acc.Layers)*acc.V, acc.H)
	}
	if err != nil {
		return nil, Position{}, fmt.Errorf("%w: checkpoint: %w", ErrResume, err)
	}
	for k := range acc.Sums { // views into the one array read: no copy
		acc.Sums[k] = sums[k*acc.V*acc.H : (k+1)*acc.V*acc.H : (k+1)*acc.V*acc.H]
	}
	counts, err := npy.ReadInt64(filepath.Join(c.Dir, ckptCount(ck.Generation)))
	if err == nil && len(counts) != acc.V {
		err = fmt.Errorf("%d counts, want %d", len(counts), acc.V)
	}
	if err != nil {
		return nil, Position{}, fmt.Errorf("%w: checkpoint: %w", ErrResume, err)
	}
	acc.Counts = counts
	c.generation = ck.Generation
	c.removeGeneration(ck.Generation + 1) // written, never committed
	c.removeGeneration(ck.Generation - 1) // committed over, not yet removed
	return acc, ck.Position, nil
}

// Remove deletes the checkpoint files once the outputs are written:
// CheckpointFile first (so that a crash here leaves no checkpoint to
// resume), then every generation's arrays, also those an earlier crash
// left.
func (c *Checkpoints) Remove() error {
	if err := os.Remove(filepath.Join(c.Dir, CheckpointFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	names, err := CheckpointFiles(c.Dir)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := os.Remove(filepath.Join(c.Dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	c.generation = 0
	return atomicfile.SyncDir(c.Dir)
}

// IsCheckpointFile reports whether name is one of a checkpoint's files:
// CheckpointFile or the arrays of a generation.
func IsCheckpointFile(name string) bool {
	if name == CheckpointFile {
		return true
	}
	rest, ok := strings.CutPrefix(name, "context.ckpt")
	digits := strings.TrimRight(rest, "_abcdefghijklmnopqrstuvwxyz.")
	g, err := strconv.Atoi(digits)
	return ok && err == nil && g > 0 && (name == ckptSum(g) || name == ckptCount(g))
}

// CheckpointFiles returns the names of the checkpoint files in dir, of
// every generation a crash may have left, so that an out dir's owner can
// count them as its own and clear them.
func CheckpointFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if IsCheckpointFile(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

func identityDiff(was, now Identity) string {
	a, b := reflect.ValueOf(was), reflect.ValueOf(now)
	for i := range a.NumField() {
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			return fmt.Sprintf("%s %v, this run has %v", a.Type().Field(i).Tag.Get("json"), a.Field(i).Interface(), b.Field(i).Interface())
		}
	}
	return ""
}
