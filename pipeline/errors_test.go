package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *Options)
		want   error
		says   string
	}{
		{"batch 0", func(o *Options) { o.Batch = 0 }, ErrInvalidOptions, "batch must be > 0, got 0"},
		{"batch < 0", func(o *Options) { o.Batch = -3 }, ErrInvalidOptions, "got -3"},
		{"no out dir", func(o *Options) { o.OutDir = "" }, ErrInvalidOptions, "no out dir"},
		{"resume and force", func(o *Options) { o.Resume, o.Force = true, true }, ErrInvalidOptions, "exclude"},
		{"unknown kind", func(o *Options) { o.Kinds = []vecdir.Kind{vecdir.Context} }, vecdir.ErrKind, "context"},
		{"kind twice", func(o *Options) { o.Kinds = []vecdir.Kind{vecdir.Dynamic, vecdir.Dynamic} }, ErrInvalidOptions, "dynamic given twice"},
		{"unknown format", func(o *Options) { o.Format = Format(9) }, ErrUnknownFormat, "Format(9)"},
		{"no devices", func(o *Options) { o.Groups = nil }, ErrInvalidOptions, "no devices"},
		{"nil encoder", func(o *Options) { o.Groups[0].Encoder = nil }, ErrInvalidOptions, "has no encoder"},
		{"devices disagree", func(o *Options) {
			o.Groups = append(o.Groups, WorkerGroup{Name: "cuda:1", Encoder: pipelinetest.NewFake(10, 4)})
		}, ErrInvalidOptions, "cuda:1: encoder shape (10, 4) differs from cpu's (10, 3)"},
		{"empty encoder", func(o *Options) { o.Groups[0].Encoder = pipelinetest.NewFake(0, 3) }, ErrInvalidOptions, "shape (0, 3)"},
		{"too few tokens", func(o *Options) { o.Tokens = o.Tokens[:9] }, ErrInvalidOptions, "9 tokens for a vocab of 10 ids"},
		{"newline in token", func(o *Options) { o.Tokens[4] = "a\nb" }, ErrBadToken, "id 4"},
		{"space in word2vec token", func(o *Options) { o.Format = FormatWord2Vec; o.Tokens[3] = "a b" }, ErrBadToken, "white space"},
		{"empty word2vec token", func(o *Options) { o.Format = FormatWord2Vec; o.Tokens[2] = "" }, ErrBadToken, "id 2 is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "out")
			o := fakeOptions(dir, pipelinetest.NewFake(10, 3), 4, 1)
			tc.change(&o)
			_, err := Extract(context.Background(), o)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("got %v, want %v saying %q", err, tc.want, tc.says)
			}
			if exists(dir) {
				t.Error("out dir created although the options were refused")
			}
		})
	}
}

func TestEmptyTokenAllowedForNPY(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(5, 2), 2, 1)
	o.Tokens[3] = ""
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatalf("an empty token (line 3 of vocab.txt) was refused for npy: %v", err)
	}
}

func TestEncoderError(t *testing.T) {
	f := pipelinetest.NewFake(rv, rh)
	f.Fail = pipelinetest.FailOn(77)
	o := fakeOptions(t.TempDir(), f, 7, 3)
	_, err := Extract(context.Background(), o)
	if !errors.Is(err, pipelinetest.ErrInjected) {
		t.Fatalf("got %v, want the encoder's error", err)
	}
	if !strings.Contains(err.Error(), "dynamic: encode ids 77..83 on cpu") || !errors.Is(err, ErrResumable) {
		t.Errorf("error %q does not say where it failed, or is not marked resumable", err)
	}
	assertIncomplete(t, o.OutDir)

	o.Groups = []WorkerGroup{{Name: "cpu", Encoder: pipelinetest.NewFake(rv, rh)}}
	want := cleanRun(t, o)
	o.Resume = true
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, o.OutDir), want)
}

func TestStaticError(t *testing.T) {
	f := pipelinetest.NewFake(10, 3)
	f.StaticErr = pipelinetest.ErrInjected
	o := fakeOptions(t.TempDir(), f, 4, 1)
	_, err := Extract(context.Background(), o)
	if !errors.Is(err, pipelinetest.ErrInjected) || !strings.Contains(err.Error(), "static: read embeddings on cpu") {
		t.Fatalf("got %v, want the wrapped Static error", err)
	}
	if exists(filepath.Join(o.OutDir, vecdir.Static.File())) || exists(filepath.Join(o.OutDir, vecdir.MetaFile)) {
		t.Error("output that looks complete after a failed Static")
	}
}

func TestUnwritableOutDir(t *testing.T) {
	// Tests run as root, so a read-only mode would not stop them: put the
	// out dir under a regular file instead.
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	o := fakeOptions(filepath.Join(parent, "sub"), pipelinetest.NewFake(10, 3), 4, 1)
	_, err := Extract(context.Background(), o)
	if !errors.Is(err, syscall.ENOTDIR) || !strings.Contains(err.Error(), "create out dir") {
		t.Fatalf("got %v, want a create out dir error wrapping ENOTDIR", err)
	}
	o.OutDir = parent
	if _, err := Extract(context.Background(), o); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("out dir that is a file: %v", err)
	}
}

// faultyFile fails writes or syncs of one file with ENOSPC.
type faultyFile struct {
	*os.File
	budget   *atomic.Int64 // bytes WriteAt may still write
	failSync bool
}

func (f *faultyFile) WriteAt(b []byte, off int64) (int, error) {
	if f.budget.Add(-int64(len(b))) < 0 {
		return 0, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.WriteAt(b, off)
}

func (f *faultyFile) Write(b []byte) (int, error) {
	if f.budget.Add(-int64(len(b))) < 0 {
		return 0, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Write(b)
}

func (f *faultyFile) Sync() error {
	if f.failSync {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Sync()
}

// injectFaults makes openFile return faulty files for names ending in
// suffix, and restores it when the test ends.
func injectFaults(t *testing.T, suffix string, budget int64, failSync bool) {
	orig := openFile
	t.Cleanup(func() { openFile = orig })
	b := new(atomic.Int64)
	b.Store(budget)
	openFile = func(name string, flag int, perm os.FileMode) (file, error) {
		f, err := os.OpenFile(name, flag, perm)
		if err != nil || !strings.HasSuffix(name, suffix) {
			return f, err
		}
		return &faultyFile{File: f, budget: b, failSync: failSync}, nil
	}
}

func TestDiskFull(t *testing.T) {
	tests := []struct {
		name     string
		suffix   string
		budget   int64
		failSync bool
		says     string
	}{
		{"dynamic rows", partialFile(vecdir.Dynamic), 1500, false, "write"},
		{"dynamic sync", partialFile(vecdir.Dynamic), 1 << 30, true, "sync"},
		{"done log", doneFile(vecdir.Dynamic), 40, false, "record progress"},
		{"static rows", partialFile(vecdir.Static), 100, false, "static: write"},
		{"word2vec", atomicfile.FixedTemp(vecdir.Dynamic.Word2VecBinary()), 1 << 30, true, "word2vec"},
		{"meta", atomicfile.FixedTemp(vecdir.MetaFile), 10, false, "meta.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			injectFaults(t, tc.suffix, tc.budget, tc.failSync)
			o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 2)
			o.Format = FormatWord2Vec
			_, err := Extract(context.Background(), o)
			if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("got %v, want ENOSPC saying %q", err, tc.says)
			}
			if exists(filepath.Join(o.OutDir, vecdir.MetaFile)) {
				t.Error("meta.json written after a failure")
			}
			for _, name := range listDir(t, o.OutDir) {
				if _, ok := atomicfile.TempTarget(name); ok {
					t.Errorf("temp file %s left behind", name)
				}
			}
		})
	}
}

func TestDiskFullThenResume(t *testing.T) {
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(rv, rh), 7, 2)
	want := cleanRun(t, o)
	injectFaults(t, partialFile(vecdir.Dynamic), 1500, false)
	if _, err := Extract(context.Background(), o); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("got %v, want ENOSPC", err)
	}
	assertIncomplete(t, o.OutDir)
	openFile = func(name string, flag int, perm os.FileMode) (file, error) { return os.OpenFile(name, flag, perm) }
	o.Resume = true
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, sums(t, o.OutDir), want)
}

func TestLockedOutDir(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, err = Extract(context.Background(), fakeOptions(dir, pipelinetest.NewFake(5, 2), 2, 1))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
}
