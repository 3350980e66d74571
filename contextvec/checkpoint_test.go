package contextvec

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// CheckpointFiles finds every generation's files and nothing that merely
// looks like one.
func TestCheckpointFiles(t *testing.T) {
	dir := t.TempDir()
	mine := []string{CheckpointFile, "context.ckpt1_sum.npy", "context.ckpt1_count.npy", "context.ckpt12_sum.npy"}
	other := []string{"context.ckpt.json.bak", "context.ckpt01_sum.npy", "context.ckpt0_sum.npy", "context.ckpt_sum.npy",
		"context.ckpt1_mean.npy", "context.ckpt-1_sum.npy", "context_count.npy", "context.ckpt"}
	for _, name := range append(slices.Clone(mine), other...) {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := CheckpointFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(mine)
	if !slices.Equal(got, mine) {
		t.Errorf("CheckpointFiles = %v, want %v", got, mine)
	}
}

// Remove clears every generation, also one a crash inside an earlier
// Remove left behind without its context.ckpt.json.
func TestRemoveClearsEveryGeneration(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"context.ckpt5_sum.npy", "context.ckpt5_count.npy"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("stale"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := &Checkpoints{Dir: dir}
	acc := NewAccum(4, 2, []int{0})
	if err := c.Save(acc, Position{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if left, err := CheckpointFiles(dir); err != nil || len(left) > 0 {
		t.Errorf("left after Remove: %v %v", left, err)
	}
}
