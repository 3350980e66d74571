package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/corpus"
	"github.com/bertvec/bertvec/internal/atomicfile"
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

// resumeContext resumes (or re-runs) a context extraction of static and
// the context of layer 2 from corpusPath, or from stdin when it is "-".
func resumeContext(t *testing.T, dir, corpusPath string, stdin []byte, layer int, shard contextvec.Shard) (*Report, error) {
	t.Helper()
	f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}
	o := fakeOptions(dir, f.Fake, 16, 1)
	o.Kinds, o.Resume = []vecdir.Kind{vecdir.Static, vecdir.Context}, true
	c := &ContextOptions{Corpus: corpusPath, Stdin: bytes.NewReader(stdin), Layers: []int{layer}, Encoder: f, Tokenizer: wordTok{},
		Window: 7, CLS: 2, SEP: 3, Shard: shard, BatchTokens: 64, CommitWindows: 20, Workers: 2}
	return ExtractAll(context.Background(), o, c)
}

// A finished context pass is kept only for the same corpus (its bytes,
// wherever they are read from), layer and shard: resuming a complete
// directory, or a run that stopped after the pass, with another corpus is
// refused as any other identity mismatch is.
func TestResumeChecksCorpus(t *testing.T) {
	a, b := writeCorpus(t, 120), writeCorpus(t, 121)
	aBytes, bBytes := readFile(t, a), readFile(t, b)
	aCopy := filepath.Join(t.TempDir(), "same.txt")
	if err := os.WriteFile(aCopy, aBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := contextRun(t, dir, a, []vecdir.Kind{vecdir.Static, vecdir.Context}, []int{2}, contextvec.Shard{}); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, filepath.Join(dir, vecdir.MetaFile))
	for name, tc := range map[string]struct {
		path  string
		stdin []byte
		layer int
		shard contextvec.Shard
		same  bool
	}{
		"same path":     {path: a, layer: 2, same: true},
		"same bytes":    {path: aCopy, layer: 2, same: true},
		"same stdin":    {path: "-", stdin: aBytes, layer: 2, same: true},
		"other corpus":  {path: b, layer: 2},
		"other stdin":   {path: "-", stdin: bBytes, layer: 2},
		"other layer":   {path: a, layer: 1},
		"a shard of it": {path: a, layer: 2, shard: contextvec.Shard{Index: 0, Count: 2}},
	} {
		rep, err := resumeContext(t, dir, tc.path, tc.stdin, tc.layer, tc.shard)
		if tc.same && (err != nil || !rep.AlreadyComplete) {
			t.Errorf("%s: %v, %+v; want already complete", name, err, rep)
		}
		if !tc.same && !errors.Is(err, ErrResumeMismatch) {
			t.Errorf("%s: %v, %+v; want ErrResumeMismatch", name, err, rep)
		}
	}
	if !bytes.Equal(before, readFile(t, filepath.Join(dir, vecdir.MetaFile))) {
		t.Error("meta.json changed")
	}

	// A run that stopped after the pass, before meta.json.
	stopped := t.TempDir()
	orig := openFile
	t.Cleanup(func() { openFile = orig })
	openFile = func(name string, flag int, perm os.FileMode) (file, error) {
		if filepath.Base(name) == atomicfile.FixedTemp(vecdir.VocabFile) {
			return nil, errors.New("disk gone")
		}
		return orig(name, flag, perm)
	}
	if _, err := contextRun(t, stopped, a, []vecdir.Kind{vecdir.Static, vecdir.Context}, []int{2}, contextvec.Shard{}); err == nil {
		t.Fatal("the injected failure did not stop the run")
	}
	openFile = orig
	if st, err := loadState(filepath.Join(stopped, StateFile)); err != nil || st.Finished[vecdir.Context.String()] == nil {
		t.Fatalf("state after the pass: %+v, %v", st, err)
	}
	if _, err := resumeContext(t, stopped, b, nil, 2, contextvec.Shard{}); !errors.Is(err, ErrResumeMismatch) {
		t.Errorf("stopped, other corpus: %v; want ErrResumeMismatch", err)
	}
	if rep, err := resumeContext(t, stopped, aCopy, nil, 2, contextvec.Shard{}); err != nil || !rep.Resumed {
		t.Errorf("stopped, same corpus: %v, %+v", err, rep)
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, vecdir.Context.File())), readFile(t, filepath.Join(stopped, vecdir.Context.File()))) {
		t.Error("the resumed run's context.npy differs from the whole run's")
	}
}

// --format word2vec covers the context kinds too: their gensim files are
// written from the means, like the other kinds'; a shard's float64 sums
// have none (merge, then convert).
func TestContextWord2Vec(t *testing.T) {
	corpusPath := writeCorpus(t, 80)
	run := func(dir string, shard contextvec.Shard) (*Report, error) {
		f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}
		o := fakeOptions(dir, f.Fake, 16, 1)
		o.Kinds, o.Format = []vecdir.Kind{vecdir.Static, vecdir.Context}, FormatWord2Vec
		c := &ContextOptions{Corpus: corpusPath, Layers: []int{2}, Encoder: f, Tokenizer: wordTok{},
			Window: 7, CLS: 2, SEP: 3, Shard: shard, BatchTokens: 64, CommitWindows: 20, Workers: 2}
		return ExtractAll(context.Background(), o, c)
	}
	dir := t.TempDir()
	rep, err := run(dir, contextvec.Shard{})
	if err != nil {
		t.Fatal(err)
	}
	km := rep.Meta.Kind(vecdir.Context)
	if km.Word2Vec == nil || km.Word2Vec.Text != vecdir.Context.Word2VecText() {
		t.Fatalf("context's meta.json entry lists no word2vec files: %+v", km)
	}
	if err := vecdir.VerifyKind(dir, km); err != nil {
		t.Error(err)
	}
	for _, name := range []string{vecdir.Context.Word2VecText(), vecdir.Context.Word2VecBinary()} {
		if b := readFile(t, filepath.Join(dir, name)); !bytes.HasPrefix(b, []byte("60 8\n")) {
			t.Errorf("%s starts %q", name, b[:min(len(b), 10)])
		}
	}
	if _, err := run(t.TempDir(), contextvec.Shard{Index: 0, Count: 2}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("a word2vec shard: %v, want ErrInvalidOptions", err)
	}
}

// Context shards of one weights file under another config.json (another
// forward) do not merge, as id shards do not.
func TestMergeContextRefusesOtherConfig(t *testing.T) {
	corpusPath := writeCorpus(t, 60)
	shard := func(i int, config string) string {
		dir := t.TempDir()
		f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}
		o := fakeOptions(dir, f.Fake, 16, 1)
		o.Kinds, o.Model.ConfigSHA256 = []vecdir.Kind{vecdir.Context}, config
		c := &ContextOptions{Corpus: corpusPath, Layers: []int{2}, Encoder: f, Tokenizer: wordTok{},
			Window: 7, CLS: 2, SEP: 3, Shard: contextvec.Shard{Index: i, Count: 2}, BatchTokens: 64, CommitWindows: 20, Workers: 2}
		if _, err := ExtractAll(context.Background(), o, c); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	s0, s1 := shard(0, strings.Repeat("1", 64)), shard(1, strings.Repeat("2", 64))
	if _, err := MergeContext(filepath.Join(t.TempDir(), "m"), []string{s0, s1}, false); !errors.Is(err, contextvec.ErrMerge) || !strings.Contains(err.Error(), s1) {
		t.Errorf("merge across configs: %v, want ErrMerge naming %s", err, s1)
	}
}

// Merging into one of the shards is refused, force or not, and leaves the
// shard as it was: clearing the out dir would delete the shard's files.
func TestMergeIntoAShardRefused(t *testing.T) {
	corpusPath := writeCorpus(t, 60)
	var ctxShards []string
	for i := range 2 {
		d := t.TempDir()
		if _, err := contextRun(t, d, corpusPath, []vecdir.Kind{vecdir.Context}, []int{2}, contextvec.Shard{Index: i, Count: 2}); err != nil {
			t.Fatal(err)
		}
		ctxShards = append(ctxShards, d)
	}
	var idShards []string
	for i := range 2 {
		d := t.TempDir()
		o := fakeOptions(d, pipelinetest.NewFake(cv, ch), 16, 1)
		o.Kinds = []vecdir.Kind{vecdir.Static}
		if _, err := ExtractShard(context.Background(), o, contextvec.Shard{Index: i, Count: 2}); err != nil {
			t.Fatal(err)
		}
		idShards = append(idShards, d)
	}
	for name, shards := range map[string][]string{"context": ctxShards, "ids": idShards} {
		before := listDir(t, shards[1])
		out := shards[1] + string(filepath.Separator) + "." // the same directory, spelled otherwise
		for _, force := range []bool{false, true} {
			if _, err := Merge(out, shards, force); !errors.Is(err, contextvec.ErrMerge) {
				t.Errorf("%s, force %v: merge into a shard: %v, want ErrMerge", name, force, err)
			}
		}
		if after := listDir(t, shards[1]); strings.Join(after, ",") != strings.Join(before, ",") {
			t.Errorf("%s: the shard now holds %v, was %v", name, after, before)
		}
	}
}

// Context options that cannot run are refused before any kind is made,
// not after minutes of static and dynamic vectors.
func TestContextOptionsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}
	o := fakeOptions(dir, f.Fake, 16, 1)
	o.Kinds = []vecdir.Kind{vecdir.Static, vecdir.Dynamic, vecdir.Context}
	c := &ContextOptions{Corpus: writeCorpus(t, 10), Layers: []int{2}, Encoder: f, Tokenizer: wordTok{}, Window: 0}
	if _, err := ExtractAll(context.Background(), o, c); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("window 0: %v, want ErrInvalidOptions", err)
	}
	if f.Calls() > 0 || len(listDir(t, dir)) > 0 {
		t.Errorf("refused only after %d dynamic batches; dir holds %v", f.Calls(), listDir(t, dir))
	}
	c.Window, c.Corpus = 7, filepath.Join(t.TempDir(), "missing.txt")
	if _, err := ExtractAll(context.Background(), o, c); !errors.Is(err, corpus.ErrCorpus) {
		t.Errorf("missing corpus: %v, want corpus.ErrCorpus", err)
	}
	if f.Calls() > 0 || exists(filepath.Join(dir, vecdir.Static.File())) {
		t.Errorf("a missing corpus refused only after %d dynamic batches", f.Calls())
	}
}
