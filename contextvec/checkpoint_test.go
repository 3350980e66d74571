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
