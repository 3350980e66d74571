package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// plantTemp leaves in dir what a kill -9 inside npy's writers leaves: the
// random temporary file of target (os.CreateTemp's name, as atomicfile
// makes it), n bytes long.
func plantTemp(t *testing.T, dir, target string, n int) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "."+target+".*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, n)); err != nil {
		t.Fatal(err)
	}
	return filepath.Base(f.Name())
}

// Issue 13: a kill -9 during a checkpoint save leaves the temporary file
// of the generation being written, as large as layers x V x H x 8 bytes,
// and nothing removed it. The resumed run removes every temporary file
// of a name bertvec owns when it takes the lock, random or fixed, and
// leaves those of other names alone.
func TestResumeRemovesCrashTemps(t *testing.T) {
	corpusPath := writeCorpus(t, 200)
	kinds := []vecdir.Kind{vecdir.Static, vecdir.Context}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch), cancelAfter: 12, cancel: cancel}
	if _, err := contextRunCtx(ctx, t, dir, corpusPath, kinds, []int{2}, contextvec.Shard{}, f, false); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted: %v", err)
	}
	if !exists(filepath.Join(dir, contextvec.CheckpointFile)) {
		t.Fatalf("no checkpoint to resume (have %v)", listDir(t, dir))
	}
	ours := []string{
		plantTemp(t, dir, "context.ckpt99_sum.npy", 1<<20),
		plantTemp(t, dir, "context.ckpt99_count.npy", 1<<10),
		plantTemp(t, dir, vecdir.Context.File(), 1<<16),
		plantTemp(t, dir, contextvec.CountFile, 1<<10),
		atomicfile.FixedTemp(vecdir.MetaFile),
	}
	if err := os.WriteFile(filepath.Join(dir, ours[len(ours)-1]), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	theirs := []string{plantTemp(t, dir, "notes.txt", 10), "scratch.tmp"}
	if err := os.WriteFile(filepath.Join(dir, theirs[1]), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}

	rep, err := contextRunCtx(context.Background(), t, dir, corpusPath, kinds, []int{2}, contextvec.Shard{}, &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}, true)
	if err != nil || !rep.Resumed {
		t.Fatalf("resume: %v, %+v", err, rep)
	}
	left := listDir(t, dir)
	for _, name := range ours {
		if slices.Contains(left, name) {
			t.Errorf("the resumed run left the crash's %s (dir: %v)", name, left)
		}
	}
	for _, name := range theirs {
		if !slices.Contains(left, name) {
			t.Errorf("the resumed run removed %s, which is not bertvec's (dir: %v)", name, left)
		}
	}
	for _, name := range left {
		if _, ok := atomicfile.TempTarget(name); ok && !slices.Contains(theirs, name) {
			t.Errorf("temporary file %s left behind", name)
		}
	}
	whole := t.TempDir()
	if _, err := contextRun(t, whole, corpusPath, kinds, []int{2}, contextvec.Shard{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, vecdir.Context.File())), readFile(t, filepath.Join(whole, vecdir.Context.File()))) {
		t.Error("the resumed run's context.npy differs from a whole run's")
	}
}
