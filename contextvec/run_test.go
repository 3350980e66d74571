package contextvec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/bertvec/bertvec/corpus"
)

const tv, th = 50, 4

var testOpt = Options{Layers: []int{0, 2}, Window: 6, CLS: 2, SEP: 3, BatchTokens: 40, CommitWindows: 16, Workers: 3}

func openText(t *testing.T, text string) *corpus.Reader {
	t.Helper()
	r, err := corpus.Open("-", bytes.NewReader([]byte(text)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// poolDirect is the definition, written out the slow way: every window
// alone, in corpus order.
func poolDirect(t *testing.T, text string, opt Options) *Accum {
	t.Helper()
	acc := NewAccum(tv, th, opt.Layers)
	r := openText(t, text)
	for {
		line, err := r.Next()
		if err != nil {
			break
		}
		if !opt.Shard.Takes(line.Number) {
			continue
		}
		ids, _ := wordTokenizer{}.IDs(line.Text)
		for lo := 0; lo < len(ids); lo += opt.Window {
			w := append([]int32{opt.CLS}, ids[lo:min(lo+opt.Window, len(ids))]...)
			w = append(w, opt.SEP)
			for p := 1; p < len(w)-1; p++ {
				acc.Counts[w[p]]++
				for k, l := range opt.Layers {
					for c := 0; c < th; c++ {
						acc.Sums[k][int(w[p])*th+c] += float64(fakeValue(w, p, l, c))
					}
				}
			}
		}
	}
	return acc
}

func run(t *testing.T, text string, opt Options) (*Accum, Position) {
	t.Helper()
	acc := NewAccum(tv, th, opt.Layers)
	pos, err := Run(context.Background(), &fakeEncoder{V: tv, H: th}, wordTokenizer{}, openText(t, text), acc, Position{}, opt, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return acc, pos
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// Batched by length on several workers, the sums are the definition's
// (up to float64 rounding from the order of additions) and the counts
// exactly its.
func TestRunMatchesDefinition(t *testing.T) {
	text := synthCorpus(300, tv)
	acc, pos := run(t, text, testOpt)
	want := poolDirect(t, text, testOpt)
	for id := range want.Counts {
		if acc.Counts[id] != want.Counts[id] {
			t.Fatalf("count of %d: %d, want %d", id, acc.Counts[id], want.Counts[id])
		}
	}
	for k := range want.Sums {
		if d := maxDiff(acc.Sums[k], want.Sums[k]); d > 1e-9 {
			t.Errorf("layer %d sums differ by %g", testOpt.Layers[k], d)
		}
	}
	if pos.Lines != 300 || pos.Tokens != want.Tokens() || acc.Tokens() != want.Tokens() {
		t.Errorf("position %+v, want 300 lines, %d tokens", pos, want.Tokens())
	}
	if acc.Counts[2] != 0 || acc.Counts[3] != 0 {
		t.Error("[CLS] or [SEP] pooled")
	}
}

// The shards of a corpus add up to the whole.
func TestShardsAddUp(t *testing.T) {
	text := synthCorpus(200, tv)
	whole, _ := run(t, text, testOpt)
	sum := NewAccum(tv, th, testOpt.Layers)
	for i := range 3 {
		o := testOpt
		o.Shard = Shard{i, 3}
		part, _ := run(t, text, o)
		if err := sum.Add(part); err != nil {
			t.Fatal(err)
		}
	}
	for id := range whole.Counts {
		if sum.Counts[id] != whole.Counts[id] {
			t.Fatalf("count of %d: shards %d, whole %d", id, sum.Counts[id], whole.Counts[id])
		}
	}
	for k := range whole.Sums {
		a, b := sum.Means(k), whole.Means(k)
		for i := range a {
			if math.Abs(float64(a[i]-b[i])) > 1e-6 {
				t.Fatalf("layer %d value %d: shards %g, whole %g", k, i, a[i], b[i])
			}
		}
	}
}

// Cancelled part-way and resumed from its last checkpoint, a run ends with
// the same sums, bit for bit, as an uninterrupted one.
func TestCancelAndResumeSameBits(t *testing.T) {
	text := synthCorpus(400, tv)
	want, _ := run(t, text, testOpt)
	dir := t.TempDir()
	id := Identity{ModelSHA256: "m", Corpus: "-", V: tv, H: th, Layers: testOpt.Layers, Window: testOpt.Window,
		BatchTokens: testOpt.BatchTokens, CommitWindows: testOpt.CommitWindows}
	ctx, cancel := context.WithCancel(context.Background())
	enc := &fakeEncoder{V: tv, H: th, cancelAfter: 40, cancel: cancel}
	cps := &Checkpoints{Dir: dir, ID: id}
	acc := NewAccum(tv, th, testOpt.Layers)
	_, err := Run(ctx, enc, wordTokenizer{}, openText(t, text), acc, Position{}, testOpt,
		func(p Position) error { return cps.Save(acc, p) }, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	got := resume(t, dir, id, text)
	if !sameBits(got, want) {
		t.Error("resumed sums differ from an uninterrupted run's")
	}
}

func resume(t *testing.T, dir string, id Identity, text string) *Accum {
	t.Helper()
	cps := &Checkpoints{Dir: dir, ID: id}
	acc, pos, err := cps.Load()
	if err != nil {
		t.Fatal(err)
	}
	if pos.Lines == 0 {
		t.Fatal("the interrupted run committed nothing")
	}
	_, err = Run(context.Background(), &fakeEncoder{V: tv, H: th}, wordTokenizer{}, openText(t, text), acc, pos, testOpt,
		func(p Position) error { return cps.Save(acc, p) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func sameBits(a, b *Accum) bool {
	for i := range a.Counts {
		if a.Counts[i] != b.Counts[i] {
			return false
		}
	}
	for k := range a.Sums {
		for i := range a.Sums[k] {
			if math.Float64bits(a.Sums[k][i]) != math.Float64bits(b.Sums[k][i]) {
				return false
			}
		}
	}
	return true
}

// A checkpoint of another run, or over another corpus, is refused.
func TestResumeRefusesAnotherRun(t *testing.T) {
	text := synthCorpus(100, tv)
	dir := t.TempDir()
	id := Identity{ModelSHA256: "m", Corpus: "-", V: tv, H: th, Layers: testOpt.Layers, Window: testOpt.Window}
	cps := &Checkpoints{Dir: dir, ID: id}
	acc := NewAccum(tv, th, testOpt.Layers)
	if _, err := Run(context.Background(), &fakeEncoder{V: tv, H: th}, wordTokenizer{}, openText(t, text), acc, Position{}, testOpt,
		func(p Position) error { return cps.Save(acc, p) }, nil); err != nil {
		t.Fatal(err)
	}
	other := id
	other.Layers = []int{1}
	if _, _, err := (&Checkpoints{Dir: dir, ID: other}).Load(); !errors.Is(err, ErrResume) {
		t.Errorf("other layers: %v, want ErrResume", err)
	}
	acc, pos, err := cps.Load()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), &fakeEncoder{V: tv, H: th}, wordTokenizer{}, openText(t, "w9\n"+text), acc, pos, testOpt, nil, nil)
	if !errors.Is(err, ErrResume) {
		t.Errorf("another corpus: %v, want ErrResume", err)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "context.ckpt*")); len(names) != 3 {
		t.Errorf("checkpoint files %v, want the json and one generation's two arrays", names)
	}
	if err := cps.Remove(); err != nil {
		t.Fatal(err)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) != 0 {
		t.Errorf("after Remove: %v", names)
	}
}

func TestRunBadLines(t *testing.T) {
	acc := NewAccum(tv, th, testOpt.Layers)
	_, err := Run(context.Background(), &fakeEncoder{V: tv, H: th}, wordTokenizer{}, openText(t, "w5\nw6 bad\n"), acc, Position{}, testOpt, nil, nil)
	if !errors.Is(err, ErrTokenize) {
		t.Errorf("tokenizer error: %v", err)
	}
	_, err = Run(context.Background(), &fakeEncoder{V: tv, H: th}, wordTokenizer{}, openText(t, "w5\nw6 \xff\n"), acc, Position{}, testOpt, nil, nil)
	if !errors.Is(err, corpus.ErrCorpus) {
		t.Errorf("invalid UTF-8: %v", err)
	}
}

func TestBatchesByLength(t *testing.T) {
	ws := [][]int32{make([]int32, 5), make([]int32, 3), make([]int32, 5), make([]int32, 8), make([]int32, 3)}
	bs := batches(ws, 10)
	var lens [][]int
	for _, b := range bs {
		var l []int
		for _, w := range b {
			l = append(l, len(w))
			if len(b)*len(b[len(b)-1]) > 10 && len(b) > 1 {
				t.Errorf("batch %v over 10 padded ids", l)
			}
		}
		lens = append(lens, l)
	}
	if fmt.Sprint(lens) != "[[3 3] [5 5] [8]]" {
		t.Errorf("batches %v", lens)
	}
}
