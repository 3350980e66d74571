package pipeline

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// Issue 13 #4: a link planted under an own name is refused on resume and
// the file it points at is left alone.
func TestResumeRefusesPlantedLinks(t *testing.T) {
	for _, name := range []string{partialFile(vecdir.Dynamic), doneFile(vecdir.Dynamic), StateFile, vecdir.Static.File()} {
		t.Run(name, func(t *testing.T) {
			o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
			interrupt(t, o, 40)
			victim := filepath.Join(t.TempDir(), "victim")
			if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(o.OutDir, name)
			os.Remove(path)
			if err := os.Symlink(victim, path); err != nil {
				t.Fatal(err)
			}
			o.Resume = true
			_, err := Extract(context.Background(), o)
			if !errors.Is(err, vecdir.ErrNotRegular) {
				t.Fatalf("resume with %s a link: %v, want ErrNotRegular", name, err)
			}
			if got := string(readFile(t, victim)); got != "precious" {
				t.Fatalf("the link's target was written: %q", got)
			}
			if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("the link was replaced or removed: %v", err)
			}
		})
	}
}

// A link or file planted under a temporary name is never written through.
func TestWriteFileDoesNotFollowTempLink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	if err := os.Symlink(victim, filepath.Join(dir, atomicfile.FixedTemp("x"))); err != nil {
		t.Fatal(err)
	}
	d := &outDir{path: dir}
	if err := d.writeFile("x", func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if got := string(readFile(t, victim)); got != "precious" {
		t.Fatalf("victim = %q", got)
	}
	if got := string(readFile(t, filepath.Join(dir, "x"))); got != "new" {
		t.Fatalf("x = %q", got)
	}
}

// Issue 13 #16: a named pipe under an own name is refused, not waited on.
func TestResumeRefusesPipe(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
	interrupt(t, o, 40)
	path := filepath.Join(o.OutDir, doneFile(vecdir.Dynamic))
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	o.Resume = true
	if _, err := Extract(context.Background(), o); !errors.Is(err, vecdir.ErrNotRegular) {
		t.Fatalf("got %v, want ErrNotRegular", err)
	}
}

// Issue 13 #5: a checkpoint directory, or files bertvec would write that
// no state or meta claims, are not bertvec's: refused, Force included,
// and left alone.
func TestForeignOutDir(t *testing.T) {
	ckpt := t.TempDir()
	for _, name := range []string{"config.json", "pytorch_model.bin", "vocab.txt"} {
		os.WriteFile(filepath.Join(ckpt, name), []byte(name), 0o644)
	}
	if err := CheckOutDir(ckpt); !errors.Is(err, ErrForeignDir) {
		t.Fatalf("CheckOutDir(checkpoint) = %v, want ErrForeignDir", err)
	}
	loose := t.TempDir()
	os.WriteFile(filepath.Join(loose, vecdir.VocabFile), []byte("mine\n"), 0o644)
	for _, dir := range []string{ckpt, loose} {
		for _, force := range []bool{false, true} {
			o := fakeOptions(dir, pipelinetest.NewFake(20, 3), 6, 1)
			o.Force = force
			_, err := Extract(context.Background(), o)
			if !errors.Is(err, ErrForeignDir) || strings.Contains(err.Error(), "--") {
				t.Fatalf("extract into %s (force %v): %v, want a flag-free ErrForeignDir", dir, force, err)
			}
		}
	}
	if got := string(readFile(t, filepath.Join(ckpt, "vocab.txt"))); got != "vocab.txt" {
		t.Fatalf("the checkpoint's vocab.txt was changed: %q", got)
	}
	if got := string(readFile(t, filepath.Join(loose, vecdir.VocabFile))); got != "mine\n" {
		t.Fatalf("the foreign vocab.txt was changed: %q", got)
	}
}

// Issue 13 #6 and #7: the resume identity covers the config and the
// thread plan of one forward; the worker count does not change bytes.
func TestResumeIdentityConfigAndThreads(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *Options)
	}{
		{"config", func(o *Options) { o.Model.ConfigSHA256 = "changed" }},
		{"threads", func(o *Options) { o.Threads = 2 }},
		{"blas threads", func(o *Options) { o.BLASThreads = 3 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
			o.Model.ConfigSHA256 = "cfg"
			interrupt(t, o, 40)
			tc.change(&o)
			o.Resume = true
			if _, err := Extract(context.Background(), o); !errors.Is(err, ErrResumeMismatch) {
				t.Fatalf("resume after a %s change: %v, want ErrResumeMismatch", tc.name, err)
			}
		})
	}
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(20, 3), 6, 1)
	o.Model.ConfigSHA256 = "cfg"
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	o.Resume, o.Model.ConfigSHA256 = true, "changed"
	if _, err := Extract(context.Background(), o); !errors.Is(err, ErrResumeMismatch) {
		t.Fatalf("resume of a finished dir with another config: %v, want ErrResumeMismatch", err)
	}
}

// Issue 13 #18: a finished .npy replaced after the run is caught on resume.
func TestResumeVerifiesChecksums(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(20, 3), 6, 1)
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	flipLastByte(t, filepath.Join(o.OutDir, vecdir.Dynamic.File()))
	o.Resume = true
	_, err := Extract(context.Background(), o)
	if !errors.Is(err, vecdir.ErrChecksum) {
		t.Fatalf("resume of a tampered dir: %v, want ErrChecksum", err)
	}
	if _, err := vecdir.Verify(o.OutDir); !errors.Is(err, vecdir.ErrChecksum) {
		t.Fatalf("Verify of a tampered dir: %v, want ErrChecksum", err)
	}

	// In an unfinished run, a finished kind that changed is made again.
	o = fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 1)
	want := cleanRun(t, o)
	interrupt(t, o, 40)
	flipLastByte(t, filepath.Join(o.OutDir, vecdir.Static.File()))
	o.Resume = true
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, o.OutDir), want)
}

func flipLastByte(t *testing.T, path string) {
	t.Helper()
	b := readFile(t, path)
	b[len(b)-1] ^= 0x40
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Issue 13 #19: a kind is added to a complete directory of the same model
// without Force, and the kinds there are kept.
func TestAddKindToCompleteDir(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(20, 3), 6, 1)
	want := cleanRun(t, o)
	o.Kinds = []vecdir.Kind{vecdir.Static}
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	static := sumFile(t, filepath.Join(o.OutDir, vecdir.Static.File()))
	o.Kinds = []vecdir.Kind{vecdir.Dynamic}
	rep, err := Extract(context.Background(), o)
	if err != nil {
		t.Fatalf("adding dynamic: %v", err)
	}
	if len(rep.Meta.Kinds) != 2 {
		t.Fatalf("meta lists %d kinds, want 2", len(rep.Meta.Kinds))
	}
	if got := sumFile(t, filepath.Join(o.OutDir, vecdir.Static.File())); got != static {
		t.Fatal("static.npy was rewritten")
	}
	assertSameFiles(t, sums(t, o.OutDir), want)

	// Another model's kind is not added.
	o.Kinds = []vecdir.Kind{vecdir.Static}
	other := fakeOptions(o.OutDir, pipelinetest.NewFake(20, 3), 6, 1)
	other.Model.WeightsSHA256 = "another"
	if _, err := Extract(context.Background(), other); err == nil {
		t.Fatal("a complete dir accepted a run of another model")
	}
}

// Issue 13 #21: what would be refused whatever the model is known before
// the model is loaded.
func TestPrecheck(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(20, 3), 6, 1)
	if err := Precheck(o); err != nil {
		t.Fatalf("empty dir: %v", err)
	}
	o.Kinds = []vecdir.Kind{vecdir.Static}
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if err := Precheck(o); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("same kinds again: %v, want ErrOutputExists", err)
	}
	o.Kinds = []vecdir.Kind{vecdir.Dynamic}
	if err := Precheck(o); err != nil {
		t.Fatalf("adding a kind: %v", err)
	}
	o.Kinds, o.Resume = nil, true
	if err := Precheck(o); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if err := Precheck(Options{OutDir: filepath.Join(o.OutDir, "new")}); err != nil {
		t.Fatalf("missing dir: %v", err)
	}
}
