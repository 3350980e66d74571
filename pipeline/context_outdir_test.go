package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// Force clears every file a context run leaves: the means, a shard's
// sums, the counts, and an interrupted run's checkpoints.
func TestForceClearsContextFiles(t *testing.T) {
	corpusPath := writeCorpus(t, 200)
	runs := map[string]func(dir string) (wantLeft string){
		"complete": func(dir string) string {
			if _, err := contextRun(t, dir, corpusPath, []vecdir.Kind{vecdir.Static, vecdir.Context}, []int{2}, contextvec.Shard{}); err != nil {
				t.Fatal(err)
			}
			return contextvec.CountFile
		},
		"shard": func(dir string) string {
			if _, err := contextRun(t, dir, corpusPath, twoLayers, []int{0, 2}, contextvec.Shard{Index: 1, Count: 2}); err != nil {
				t.Fatal(err)
			}
			return vecdir.ContextLayer(2).AuxFile("sum")
		},
		"interrupted": func(dir string) string {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch), cancelAfter: 12, cancel: cancel}
			if _, err := contextRunCtx(ctx, t, dir, corpusPath, []vecdir.Kind{vecdir.Context}, []int{2}, contextvec.Shard{}, f, false); !errors.Is(err, ErrInterrupted) {
				t.Fatalf("interrupted: %v", err)
			}
			return contextvec.CheckpointFile
		},
	}
	for name, run := range runs {
		dir := t.TempDir()
		if left := run(dir); !exists(filepath.Join(dir, left)) {
			t.Fatalf("%s: no %s to clear (have %v)", name, left, listDir(t, dir))
		}
		o := fakeOptions(dir, pipelinetest.NewFake(cv, ch), 16, 1)
		o.Kinds, o.Force = []vecdir.Kind{vecdir.Static}, true
		if _, err := Extract(context.Background(), o); err != nil {
			t.Fatalf("%s: force: %v", name, err)
		}
		for _, f := range listDir(t, dir) {
			if strings.HasPrefix(f, "context") {
				t.Errorf("%s: --force left %s (dir: %v)", name, f, listDir(t, dir))
			}
		}
	}
}

// A file only a context run writes is bertvec's once a state or meta.json
// names the kind, and left alone (a foreign file) otherwise.
func TestContextFilesOwnership(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, contextvec.CountFile), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := fakeOptions(dir, pipelinetest.NewFake(cv, ch), 16, 1)
	o.Kinds = []vecdir.Kind{vecdir.Static}
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if got := string(readFile(t, filepath.Join(dir, contextvec.CountFile))); got != "mine" {
		t.Errorf("a run without context kinds touched %s: %q", contextvec.CountFile, got)
	}
}
