package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/bertvec/bertvec/contextvec"
	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// Static and dynamic vectors shard by ids, not lines: shard i of n takes
// a contiguous range of whole batches, so that every batch holds the ids
// it holds in a single run and its rows come out bit for bit the same;
// merge concatenates the ranges into files byte-identical to a single
// run's.

// ShardRange returns the ids [lo, hi) of shard s for v ids in batches of
// batch: batches i·nb/n up to (i+1)·nb/n, nb = ⌈v/batch⌉.
func ShardRange(v, batch int, s contextvec.Shard) (lo, hi int, err error) {
	if s.Whole() {
		return 0, v, nil
	}
	nb := (v + batch - 1) / batch
	if s.Count > nb {
		return 0, 0, invalid("%d shards of %d ids in batches of %d: there are only %d batches", s.Count, v, batch, nb)
	}
	lo, hi = s.Index*nb/s.Count*batch, min((s.Index+1)*nb/s.Count*batch, v)
	return lo, hi, nil
}

// rangeEncoder shows an encoder's ids lo..lo+n−1 as ids 0..n−1.
type rangeEncoder struct {
	Encoder
	lo, n int
}

func (r rangeEncoder) VocabSize() int { return r.n }

func (r rangeEncoder) Static(dst []float32) error {
	H := r.Hidden()
	all := make([]float32, r.Encoder.VocabSize()*H)
	if err := r.Encoder.Static(all); err != nil {
		return err
	}
	copy(dst, all[r.lo*H:(r.lo+r.n)*H])
	return nil
}

func (r rangeEncoder) Dynamic(ctx context.Context, dst []float32, ids []int32) error {
	shifted := make([]int32, len(ids))
	for i, id := range ids {
		shifted[i] = id + int32(r.lo)
	}
	return r.Encoder.Dynamic(ctx, dst, shifted)
}

// ExtractShard runs Extract for shard s of the ids (static and dynamic
// kinds only) and marks every kind in meta.json as that shard. meta.json
// is written once, marks included: a directory never looks like a
// complete single run while it holds only a range of ids.
func ExtractShard(ctx context.Context, o Options, s contextvec.Shard) (*Report, error) {
	if s.Whole() {
		return Extract(ctx, o)
	}
	if len(o.Groups) == 0 || o.Groups[0].Encoder == nil || o.Batch <= 0 {
		return nil, invalid("a shard needs a device and a batch size")
	}
	if o.Format == FormatWord2Vec {
		return nil, invalid("shards are .npy only: merge them, then convert")
	}
	v := o.Groups[0].Encoder.VocabSize()
	if len(o.Tokens) != v {
		return nil, invalid("%d tokens for a vocab of %d ids", len(o.Tokens), v)
	}
	lo, hi, err := ShardRange(v, o.Batch, s)
	if err != nil {
		return nil, err
	}
	o.Groups = slices.Clone(o.Groups)
	for i := range o.Groups {
		o.Groups[i].Encoder = rangeEncoder{Encoder: o.Groups[i].Encoder, lo: lo, n: hi - lo}
	}
	o.Tokens = o.Tokens[lo:hi]
	p, err := o.check()
	if err != nil {
		return nil, err
	}
	p.shard = &vecdir.ShardMeta{Index: s.Index, Count: s.Count, FirstID: lo, Rows: hi - lo}
	return extract(ctx, p)
}

// Merge merges shard directories of either sort: context shards (lines)
// or static/dynamic shards (id ranges).
func Merge(out string, shards []string, force bool) (*Report, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("%w: no shard directories", contextvec.ErrMerge)
	}
	m, err := vecdir.ReadMeta(shards[0])
	if err != nil {
		return nil, fmt.Errorf("%w: shard %s: %w", contextvec.ErrMerge, shards[0], err)
	}
	for _, km := range m.Kinds {
		if km.Shard != nil {
			return MergeIDShards(out, shards, force)
		}
	}
	return MergeContext(out, shards, force)
}

// openMergeOut opens a merge's out dir, which must hold none of
// bertvec's files unless force clears them, and must not be one of the
// shards (clearing it would delete the shard). The caller must close it.
func openMergeOut(out string, force bool, shards []string) (*outDir, error) {
	if fo, err := os.Stat(out); err == nil {
		for _, s := range shards {
			if fs, err := os.Stat(s); err == nil && os.SameFile(fo, fs) {
				return nil, fmt.Errorf("%w: the out dir %s is the shard %s; merge into another directory", contextvec.ErrMerge, out, s)
			}
		}
	}
	d, err := openOutDir(out)
	if err != nil {
		return nil, err
	}
	if len(d.present) > 0 {
		err = d.existsError()
		if force {
			err = d.clear()
		}
	}
	if err != nil {
		d.close()
		return nil, err
	}
	return d, nil
}

type idShard struct {
	dir  string
	meta *vecdir.Meta
	mark vecdir.ShardMeta
}

// MergeIDShards checks that dirs are the id-range shards 0..n−1 of one
// static/dynamic run, each once, covering every id, and concatenates them.
func MergeIDShards(out string, dirs []string, force bool) (*Report, error) {
	var shards []idShard
	for _, dir := range dirs {
		m, err := vecdir.ReadMeta(dir)
		if err != nil {
			return nil, fmt.Errorf("%w: shard %s: %w", contextvec.ErrMerge, dir, err)
		}
		s := idShard{dir: dir, meta: m}
		for name, km := range m.Kinds {
			if km.Shard == nil || km.Corpus != nil {
				return nil, fmt.Errorf("%w: %s: its %s is not an id-range shard", contextvec.ErrMerge, dir, name)
			}
			s.mark = *km.Shard
		}
		shards = append(shards, s)
	}
	first := shards[0]
	n := first.mark.Count
	byIndex := make([]*idShard, n)
	for i := range shards {
		s := &shards[i]
		switch {
		case s.meta.Model.WeightsSHA256 != first.meta.Model.WeightsSHA256 || s.meta.Model.ConfigSHA256 != first.meta.Model.ConfigSHA256:
			return nil, fmt.Errorf("%w: %s comes from another model than %s", contextvec.ErrMerge, s.dir, first.dir)
		case !slices.Equal(s.meta.KindList(), first.meta.KindList()):
			return nil, fmt.Errorf("%w: %s has kinds %v, %s has %v", contextvec.ErrMerge, s.dir, vecdir.Names(s.meta.KindList()), first.dir, vecdir.Names(first.meta.KindList()))
		case s.mark.Count != n || s.mark.Index < 0 || s.mark.Index >= n:
			return nil, fmt.Errorf("%w: %s is shard %d of %d, not of %d", contextvec.ErrMerge, s.dir, s.mark.Index, s.mark.Count, n)
		case byIndex[s.mark.Index] != nil:
			return nil, fmt.Errorf("%w: shard %d of %d given twice: %s and %s", contextvec.ErrMerge, s.mark.Index, n, byIndex[s.mark.Index].dir, s.dir)
		}
		for _, k := range first.meta.KindList() {
			if a, b := first.meta.Kind(k), s.meta.Kind(k); k == vecdir.Dynamic && (a.Batch != b.Batch || !sameLayer(a.Layer, b.Layer) || a.Precision != b.Precision) {
				return nil, fmt.Errorf("%w: %s ran %s with batch %d, %s with %d (or another layer or precision)", contextvec.ErrMerge, s.dir, k, b.Batch, first.dir, a.Batch)
			}
		}
		byIndex[s.mark.Index] = s
	}
	next := 0
	for i, s := range byIndex {
		if s == nil {
			return nil, fmt.Errorf("%w: shard %d of %d is missing (got %d shard directories)", contextvec.ErrMerge, i, n, len(dirs))
		}
		if s.mark.FirstID != next {
			return nil, fmt.Errorf("%w: %s starts at id %d, want %d", contextvec.ErrMerge, s.dir, s.mark.FirstID, next)
		}
		next += s.mark.Rows
	}
	V, H := first.meta.Model.VocabSize, first.meta.Model.HiddenSize
	if next != V {
		return nil, fmt.Errorf("%w: the shards cover %d ids, the model has %d", contextvec.ErrMerge, next, V)
	}
	return writeIDMerge(out, byIndex, V, H, force)
}

func sameLayer(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func writeIDMerge(out string, shards []*idShard, V, H int, force bool) (*Report, error) {
	var tokens, dirs []string
	for _, s := range shards {
		t, err := readTokens(filepath.Join(s.dir, s.meta.Vocab), s.mark.Rows)
		if err != nil {
			return nil, err
		}
		tokens, dirs = append(tokens, t...), append(dirs, s.dir)
	}
	d, err := openMergeOut(out, force, dirs)
	if err != nil {
		return nil, err
	}
	defer d.close()
	meta := *shards[0].meta
	meta.Kinds = map[string]*vecdir.KindMeta{}
	for _, k := range shards[0].meta.KindList() {
		data := make([]float32, 0, V*H)
		for _, s := range shards {
			m, err := npy.Open(filepath.Join(s.dir, s.meta.Kind(k).File))
			if err == nil && (m.Rows != s.mark.Rows || m.Cols != H) {
				err = fmt.Errorf("%s is (%d, %d), want (%d, %d)", k.File(), m.Rows, m.Cols, s.mark.Rows, H)
			}
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %w", contextvec.ErrMerge, s.dir, err)
			}
			data = append(data, m.Data...)
			m.Close()
		}
		path := filepath.Join(d.path, k.File())
		if err := npy.Write(path, V, H, data); err != nil {
			return nil, err
		}
		sum, err := vecdir.FileSHA256(path)
		if err != nil {
			return nil, err
		}
		km := *shards[0].meta.Kind(k)
		km.Shape, km.SHA256, km.Shard, km.File = [2]int{V, H}, sum, nil, k.File()
		meta.Kinds[k.String()] = &km
	}
	if err := d.finish(tokens, tokenizerFiles(shards[0].dir), &meta); err != nil {
		return nil, err
	}
	return &Report{OutDir: d.path, Meta: &meta}, nil
}

// tokenizerFiles reads the tokenizer files a shard directory carries, so
// that the merged directory tokenizes as the model does.
func tokenizerFiles(dir string) map[string][]byte {
	files := map[string][]byte{}
	for _, name := range []string{vecdir.TokenizerConfigFile, vecdir.SpecialTokensFile} {
		if b, err := vecdir.ReadRegular(filepath.Join(dir, name), vecdir.MaxMetaSize); err == nil {
			files[name] = b
		}
	}
	return files
}
