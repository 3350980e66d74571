package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/corpus"
	"github.com/bertvec/bertvec/vecdir"
)

// ContextOptions configure the context kinds of ExtractAll: vectors
// pooled over a corpus (package contextvec does the pooling).
type ContextOptions struct {
	// Corpus is a path, a .gz, or "-" for Stdin.
	Corpus string
	Stdin  io.Reader
	// Layers are the hidden_states to pool (0 = embeddings output).
	// PerLayer writes context_L<n> for each; otherwise Layers has one
	// element and the kind is "context".
	Layers   []int
	PerLayer bool
	// Encoder runs the windows; Tokenizer turns lines into ids.
	Encoder   contextvec.Encoder
	Tokenizer contextvec.Tokenizer
	// Window, CLS and SEP frame the windows: [CLS] ≤Window ids [SEP].
	Window   int
	CLS, SEP int32
	// Shard makes a partial output (float64 sums) of part i of n.
	Shard                               contextvec.Shard
	BatchTokens, CommitWindows, Workers int
	// Progress sees the position after each batch.
	Progress func(contextvec.Position)
}

// ContextKinds returns the kinds c makes.
func (c *ContextOptions) ContextKinds() []vecdir.Kind { return contextvec.Kinds(c.Layers, c.PerLayer) }

// ExtractAll is Extract for any kinds, context ones included: o.Kinds may
// name static, dynamic, context or context layers, and c configures the
// context kinds (nil when there are none). Everything shares one out dir,
// one state file and one meta.json; the context pass commits its own
// checkpoints (contextvec.Checkpoints) so that a kill -9 loses at most
// CommitWindows windows and a resumed run writes the same bytes.
func ExtractAll(ctx context.Context, o Options, c *ContextOptions) (*Report, error) {
	var plain, ctxKinds []vecdir.Kind
	for _, k := range o.Kinds {
		if k.IsContext() {
			ctxKinds = append(ctxKinds, k)
		} else {
			plain = append(plain, k)
		}
	}
	if len(ctxKinds) == 0 {
		return Extract(ctx, o)
	}
	if c == nil || !slices.Equal(sortedKinds(ctxKinds), sortedKinds(c.ContextKinds())) {
		return nil, invalid("context kinds %v need context options that make exactly them", vecdir.Names(ctxKinds))
	}
	if err := c.check(o.Format); err != nil {
		return nil, err
	}
	o.Kinds = plain
	if len(plain) == 0 {
		o.Kinds = []vecdir.Kind{vecdir.Static} // check defaults an empty list; replaced below
	}
	p, err := o.check()
	if err != nil {
		return nil, err
	}
	p.kinds = sortedKinds(append(plain, ctxKinds...))
	p.context = c
	return extract(ctx, p)
}

// check refuses, before any kind is made, context options that cannot
// run: a missing window, layer, encoder or tokenizer, a corpus file that
// cannot be opened, a word2vec shard.
func (c *ContextOptions) check(f Format) error {
	if c.Window < 1 || len(c.Layers) == 0 || c.Encoder == nil || c.Tokenizer == nil {
		return invalid("context: window %d, layers %v, encoder and tokenizer needed", c.Window, c.Layers)
	}
	if c.Corpus != "-" { // a stream is read once, when its turn comes
		r, err := corpus.Open(c.Corpus, nil)
		if err != nil {
			return err
		}
		r.Close()
	}
	if !c.Shard.Whole() && f == FormatWord2Vec {
		return invalid("shards are .npy only: merge them, then convert")
	}
	return nil
}

func sortedKinds(ks []vecdir.Kind) []vecdir.Kind {
	ks = slices.Clone(ks)
	vecdir.SortKinds(ks)
	return ks
}

// runContext runs the pooling pass (resuming its checkpoint when the run
// is resumed) and writes every context kind: float32 means, or a shard's
// float64 sums.
func runContext(ctx context.Context, p *plan, d *outDir, resumed bool) (map[string]*vecdir.KindMeta, error) {
	c := p.context
	copt := contextvec.Options{Layers: c.Layers, Window: c.Window, CLS: c.CLS, SEP: c.SEP, Shard: c.Shard,
		BatchTokens: c.BatchTokens, CommitWindows: c.CommitWindows, Workers: c.Workers}
	if copt.BatchTokens <= 0 {
		copt.BatchTokens = contextvec.DefaultBatchTokens
	}
	if copt.CommitWindows <= 0 {
		copt.CommitWindows = contextvec.DefaultCommitWindows
	}
	cps := &contextvec.Checkpoints{Dir: d.path, ID: contextvec.Identity{
		ModelSHA256: p.Model.WeightsSHA256, Corpus: c.Corpus, V: p.rows, H: p.cols, Layers: c.Layers,
		Window: c.Window, BatchTokens: copt.BatchTokens, CommitWindows: copt.CommitWindows, Shard: c.Shard}}
	acc, pos := contextvec.NewAccum(p.rows, p.cols, c.Layers), contextvec.Position{}
	if resumed {
		a, ps, err := cps.Load()
		switch {
		case err == nil:
			acc, pos = a, ps
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	r, err := corpus.Open(c.Corpus, c.Stdin)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	start := time.Now()
	pos, err = contextvec.Run(ctx, c.Encoder, c.Tokenizer, r, acc, pos, copt,
		func(ps contextvec.Position) error { return cps.Save(acc, ps) }, c.Progress)
	if err != nil {
		if ctx.Err() != nil {
			return nil, resumable(fmt.Errorf("%w (%w): %d lines pooled are saved in %s", ErrInterrupted, context.Cause(ctx), pos.Lines, d.path))
		}
		return nil, err
	}
	if acc.Tokens() == 0 {
		return nil, fmt.Errorf("%w: %s has no tokens%s", contextvec.ErrEmptyCorpus, c.Corpus, shardNote(c.Shard))
	}
	stats := r.Stats()
	cm := vecdir.CorpusMeta{Path: c.Corpus, Bytes: stats.Bytes, SHA256: stats.SHA256, Lines: stats.Lines,
		Windows: pos.Windows, Tokens: pos.Tokens, Window: c.Window}
	write := contextvec.WriteVectors
	if !c.Shard.Whole() {
		cm.Shard = &vecdir.ShardMeta{Index: c.Shard.Index, Count: c.Shard.Count}
		write = contextvec.WriteShard
	}
	metas, err := write(d.path, acc, c.ContextKinds(), cm)
	if err != nil {
		return nil, err
	}
	if p.Format == FormatWord2Vec { // a whole run: ExtractAll refuses a word2vec shard
		for _, k := range c.ContextKinds() {
			if err := writeWord2Vec(d, k, p.Tokens); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			metas[k.String()].Word2Vec = &vecdir.W2VFiles{Text: k.Word2VecText(), Binary: k.Word2VecBinary()}
		}
	}
	wall := time.Since(start)
	for _, km := range metas {
		km.Devices, km.Workers, km.Threads, km.WallSeconds = p.deviceNames(), copt.Workers, p.Threads, wall.Seconds()
		km.Batch = copt.BatchTokens
		if wall > 0 { // ids pooled per second: the window tokens
			km.IDsPerSecond = float64(pos.Tokens) / wall.Seconds()
		}
	}
	return metas, cps.Remove()
}

func shardNote(s contextvec.Shard) string {
	if s.Whole() {
		return ""
	}
	return fmt.Sprintf(" in shard %s (lines ≡ %d mod %d)", s, s.Index, s.Count)
}

// MergeContext merges the partial outputs of shards 0..n−1 (see
// contextvec.Merge) into out, a new vectors directory that holds what a
// single run would: the float32 means, the counts, vocab.txt, meta.json.
func MergeContext(out string, shards []string, force bool) (*Report, error) {
	m, err := contextvec.Merge(shards)
	if err != nil {
		return nil, err
	}
	d, err := openMergeOut(out, force, shards)
	if err != nil {
		return nil, err
	}
	defer d.close()
	tokens, err := readTokens(m.VocabPath, m.Acc.V)
	if err != nil {
		return nil, err
	}
	metas, err := contextvec.WriteVectors(d.path, m.Acc, m.Kinds, m.Corpus)
	if err != nil {
		return nil, err
	}
	meta := *m.Meta
	meta.Kinds = metas
	if err := d.finish(tokens, tokenizerFiles(filepath.Dir(m.VocabPath)), &meta); err != nil {
		return nil, err
	}
	return &Report{OutDir: d.path, Meta: &meta}, nil
}

// readTokens reads a shard's vocab.txt: exactly v lines.
func readTokens(path string, v int) ([]string, error) {
	b, err := vecdir.ReadRegular(path, int64(v)*1024+1<<20)
	if err != nil {
		return nil, err
	}
	tokens := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(tokens) != v {
		return nil, fmt.Errorf("%w: %s has %d lines for %d ids", contextvec.ErrMerge, path, len(tokens), v)
	}
	return tokens, nil
}
