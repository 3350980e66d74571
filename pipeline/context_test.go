package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/corpus"
	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// ctxFake adds a context forward to the fake encoder: the state of a
// position depends on its id, its neighbours, the window length and the
// layer.
type ctxFake struct {
	*pipelinetest.Fake
	calls       atomic.Int64
	cancelAfter int64
	cancel      context.CancelFunc
}

func (f *ctxFake) Contexts(ctx context.Context, dst []float32, windows [][]int32, layers []int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if n := f.calls.Add(1); f.cancelAfter > 0 && n >= f.cancelAfter {
		f.cancel()
	}
	rows := 0
	for _, w := range windows {
		rows += len(w)
	}
	for k, l := range layers {
		r := 0
		for _, w := range windows {
			for p := range w {
				prev := int32(0)
				if p > 0 {
					prev = w[p-1]
				}
				for c := 0; c < f.H; c++ {
					x := float64(w[p])*0.31 + float64(prev)*0.017 + float64(len(w))*0.011 + float64(l) + float64(c)*0.2
					dst[(k*rows+r+p)*f.H+c] = float32(math.Cos(x))
				}
			}
			r += len(w)
		}
	}
	return nil
}

type wordTok struct{}

func (wordTok) IDs(text string) ([]int32, error) {
	var ids []int32
	for _, f := range strings.Fields(text) {
		n, err := strconv.Atoi(strings.TrimPrefix(f, "w"))
		if err != nil {
			return nil, fmt.Errorf("no token %q", f)
		}
		ids = append(ids, int32(n))
	}
	return ids, nil
}

const cv, ch = 60, 8

func writeCorpus(t *testing.T, lines int) string {
	t.Helper()
	var b strings.Builder
	x := uint32(7)
	for i := 0; i < lines; i++ {
		x = x*1664525 + 1013904223
		for j := 0; j < int(x>>26); j++ {
			x = x*1664525 + 1013904223
			fmt.Fprintf(&b, "w%d ", 5+int(x>>16)%(cv-5))
		}
		b.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "corpus.txt")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func contextRun(t *testing.T, dir, corpusPath string, kinds []vecdir.Kind, layers []int, shard contextvec.Shard) (*Report, error) {
	t.Helper()
	return contextRunCtx(context.Background(), t, dir, corpusPath, kinds, layers, shard, &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}, false)
}

func contextRunCtx(ctx context.Context, t *testing.T, dir, corpusPath string, kinds []vecdir.Kind, layers []int, shard contextvec.Shard, f *ctxFake, resume bool) (*Report, error) {
	t.Helper()
	o := fakeOptions(dir, f.Fake, 16, 1)
	o.Kinds, o.Resume = kinds, resume
	c := &ContextOptions{Corpus: corpusPath, Layers: layers, PerLayer: len(layers) > 1, Encoder: f, Tokenizer: wordTok{},
		Window: 7, CLS: 2, SEP: 3, Shard: shard, BatchTokens: 64, CommitWindows: 20, Workers: 2}
	return ExtractAll(ctx, o, c)
}

var twoLayers = []vecdir.Kind{vecdir.ContextLayer(0), vecdir.ContextLayer(2)}

// Three shards merged give a single run's files: the same counts, byte
// for byte, and vectors within 1e-6.
func TestContextShardsMergeEqualSingleRun(t *testing.T) {
	corpusPath := writeCorpus(t, 300)
	single := t.TempDir()
	if _, err := contextRun(t, single, corpusPath, twoLayers, []int{0, 2}, contextvec.Shard{}); err != nil {
		t.Fatal(err)
	}
	var shards []string
	for i := range 3 {
		d := t.TempDir()
		if _, err := contextRun(t, d, corpusPath, twoLayers, []int{0, 2}, contextvec.Shard{Index: i, Count: 3}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(t.TempDir(), "merged")
	rep, err := MergeContext(merged, []string{shards[2], shards[0], shards[1]}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, filepath.Join(single, contextvec.CountFile)), readFile(t, filepath.Join(merged, contextvec.CountFile))) {
		t.Error("merged counts differ from the single run's")
	}
	for _, k := range twoLayers {
		a, err := npy.Open(filepath.Join(single, k.File()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := npy.Open(filepath.Join(merged, k.File()))
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Data {
			if math.Abs(float64(a.Data[i]-b.Data[i])) > 1e-6 {
				t.Fatalf("%s value %d: single %g, merged %g", k, i, a.Data[i], b.Data[i])
			}
		}
		a.Close()
		b.Close()
	}
	sm, _ := vecdir.ReadMeta(single)
	c1, c2 := sm.Kind(twoLayers[1]).Corpus, rep.Meta.Kind(twoLayers[1]).Corpus
	if c1.SHA256 != c2.SHA256 || c1.Lines != 300 || c1.Tokens != c2.Tokens || c1.Windows != c2.Windows || c2.Merged != 3 || c1.NeverSeen != c2.NeverSeen {
		t.Errorf("corpus meta single %+v merged %+v", c1, c2)
	}
	// The merged directory is a complete vectors directory.
	if mm, err := vecdir.ReadMeta(merged); err != nil || mm.Kind(twoLayers[0]).Dtype != "<f4" || mm.Vocab != vecdir.VocabFile {
		t.Errorf("merged meta.json: %+v, %v", mm, err)
	}
}

// Merge refuses, naming the shard, anything but shards 0..n−1 of one run.
func TestMergeRefuses(t *testing.T) {
	corpusPath, other := writeCorpus(t, 60), writeCorpus(t, 61)
	shard := func(path string, i, n int) string {
		d := t.TempDir()
		if _, err := contextRun(t, d, path, []vecdir.Kind{vecdir.Context}, []int{2}, contextvec.Shard{Index: i, Count: n}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	s0, s1, o1 := shard(corpusPath, 0, 2), shard(corpusPath, 1, 2), shard(other, 1, 2)
	s1of3 := shard(corpusPath, 1, 3)
	single := t.TempDir()
	if _, err := contextRun(t, single, corpusPath, []vecdir.Kind{vecdir.Context}, []int{2}, contextvec.Shard{}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		dirs []string
		says string
	}{
		"other corpus": {[]string{s0, o1}, o1},
		"missing":      {[]string{s0}, "shard 1 of 2 is missing"},
		"twice":        {[]string{s0, s1, s1}, "given twice"},
		"other n":      {[]string{s0, s1of3}, s1of3},
		"not a shard":  {[]string{s0, single}, single},
	} {
		out := filepath.Join(t.TempDir(), "m")
		_, err := MergeContext(out, tc.dirs, false)
		if !errors.Is(err, contextvec.ErrMerge) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want ErrMerge mentioning %q", name, err, tc.says)
		}
		if _, err := os.Stat(filepath.Join(out, vecdir.MetaFile)); err == nil {
			t.Errorf("%s: a meta.json was written", name)
		}
	}
}

// Context kinds ride along with static and dynamic in one directory, and
// an interrupted run resumed gives the same bytes as an uninterrupted one.
func TestContextWithOtherKindsAndResume(t *testing.T) {
	corpusPath := writeCorpus(t, 400)
	kinds := []vecdir.Kind{vecdir.Static, vecdir.Dynamic, vecdir.Context}
	whole := t.TempDir()
	f0 := &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}
	if _, err := contextRunCtx(context.Background(), t, whole, corpusPath, kinds, []int{2}, contextvec.Shard{}, f0, false); err != nil {
		t.Fatal(err)
	}
	m, err := vecdir.ReadMeta(whole)
	if err != nil || len(m.Kinds) != 3 || m.Kind(vecdir.Context).Corpus == nil {
		t.Fatalf("meta %+v %v", m, err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	f := &ctxFake{Fake: pipelinetest.NewFake(cv, ch), cancelAfter: 12, cancel: cancel}
	_, err = contextRunCtx(ctx, t, dir, corpusPath, kinds, []int{2}, contextvec.Shard{}, f, false)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, vecdir.MetaFile)); err == nil {
		t.Fatal("an interrupted run left a meta.json")
	}
	f2 := &ctxFake{Fake: pipelinetest.NewFake(cv, ch)}
	rep, err := contextRunCtx(context.Background(), t, dir, corpusPath, kinds, []int{2}, contextvec.Shard{}, f2, true)
	if err != nil || !rep.Resumed {
		t.Fatalf("resume: %v %+v", err, rep)
	}
	if f2.calls.Load() >= f0.calls.Load() {
		t.Errorf("the resumed run made %d forwards, as many as a whole run (%d): it did not resume", f2.calls.Load(), f0.calls.Load())
	}
	for _, name := range []string{vecdir.Context.File(), contextvec.CountFile, vecdir.Dynamic.File()} {
		if !bytes.Equal(readFile(t, filepath.Join(whole, name)), readFile(t, filepath.Join(dir, name))) {
			t.Errorf("%s differs after resume", name)
		}
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "context.ckpt*")); len(names) != 0 {
		t.Errorf("checkpoint files left: %v", names)
	}
}

// Bad corpora: one clear error each, and no meta.json.
func TestContextBadCorpus(t *testing.T) {
	tmp := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(tmp, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	for name, tc := range map[string]struct {
		path string
		want error
	}{
		"invalid UTF-8": {write("bad.txt", []byte("w5 w6\nw7 \xc3\x28\n")), corpus.ErrCorpus},
		"binary":        {write("bin", []byte{0x93, 'N', 'U', 'M', 'P', 'Y', 0, 0, 1, 2}), corpus.ErrCorpus},
		"empty":         {write("empty.txt", nil), contextvec.ErrEmptyCorpus},
		"blank lines":   {write("blank.txt", []byte("\n\n  \n")), contextvec.ErrEmptyCorpus},
		"directory":     {tmp, corpus.ErrCorpus},
		"missing":       {filepath.Join(tmp, "nope"), corpus.ErrCorpus},
	} {
		out := t.TempDir()
		_, err := contextRun(t, out, tc.path, []vecdir.Kind{vecdir.Context}, []int{1}, contextvec.Shard{})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
		if _, err := os.Stat(filepath.Join(out, vecdir.MetaFile)); err == nil {
			t.Errorf("%s: meta.json written", name)
		}
	}
}
