package contextvec

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// shardDir is one shard's partial output, its meta read and checked.
type shardDir struct {
	dir    string
	meta   *vecdir.Meta
	kinds  []vecdir.Kind
	corpus vecdir.CorpusMeta
}

func readShardMeta(dir string) (*shardDir, error) {
	m, err := vecdir.ReadMeta(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: shard %s: %w", ErrMerge, dir, err)
	}
	s := &shardDir{dir: dir, meta: m}
	for _, k := range m.KindList() {
		km := m.Kind(k)
		if !k.IsContext() || km.Corpus == nil || km.Corpus.Shard == nil || km.Dtype != "<f8" {
			return nil, fmt.Errorf("%w: %s is not a shard's output (its %s is not a context shard of float64 sums)", ErrMerge, dir, k)
		}
		if len(s.kinds) > 0 && !reflect.DeepEqual(*km.Corpus, s.corpus) {
			return nil, fmt.Errorf("%w: %s: its kinds disagree about the corpus", ErrMerge, dir)
		}
		s.kinds = append(s.kinds, k)
		s.corpus = *km.Corpus
	}
	if len(s.kinds) == 0 {
		return nil, fmt.Errorf("%w: %s has no context shard", ErrMerge, dir)
	}
	return s, nil
}

// Merged is the sum of every shard of one run.
type Merged struct {
	Acc    *Accum
	Kinds  []vecdir.Kind
	Meta   *vecdir.Meta // shard 0's: model, vocab
	Corpus vecdir.CorpusMeta
	// VocabPath is shard 0's vocab.txt.
	VocabPath string
}

// Merge checks that dirs are the shards 0..n−1 of one run, each exactly
// once (same model, corpus, layers, n), and adds their sums and counts in
// shard order. The first shard that does not fit is named in the error.
func Merge(dirs []string) (*Merged, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%w: no shard directories", ErrMerge)
	}
	shards := make([]*shardDir, 0, len(dirs))
	for _, d := range dirs {
		s, err := readShardMeta(d)
		if err != nil {
			return nil, err
		}
		shards = append(shards, s)
	}
	first := shards[0]
	n := first.corpus.Shard.Count
	byIndex := make([]*shardDir, n)
	for _, s := range shards {
		if err := sameRun(first, s); err != nil {
			return nil, err
		}
		i := s.corpus.Shard.Index
		if i < 0 || i >= n {
			return nil, fmt.Errorf("%w: %s is shard %d, outside 0..%d", ErrMerge, s.dir, i, n-1)
		}
		if byIndex[i] != nil {
			return nil, fmt.Errorf("%w: shard %d of %d given twice: %s and %s", ErrMerge, i, n, byIndex[i].dir, s.dir)
		}
		byIndex[i] = s
	}
	for i, s := range byIndex {
		if s == nil {
			return nil, fmt.Errorf("%w: shard %d of %d is missing (got %d shard directories)", ErrMerge, i, n, len(dirs))
		}
	}
	m := &Merged{Kinds: first.kinds, Meta: first.meta, Corpus: first.corpus, VocabPath: filepath.Join(first.dir, first.meta.Vocab)}
	m.Corpus.Shard, m.Corpus.Windows, m.Corpus.Tokens, m.Corpus.Merged = nil, 0, 0, n
	V, H := first.meta.Model.VocabSize, first.meta.Model.HiddenSize
	m.Acc = &Accum{V: V, H: H, Layers: first.corpus.Layers, Sums: make([][]float64, len(first.kinds))}
	for _, s := range byIndex {
		if err := addShard(m.Acc, s); err != nil {
			return nil, err
		}
		m.Corpus.Windows += s.corpus.Windows
		m.Corpus.Tokens += s.corpus.Tokens
	}
	return m, nil
}

// addShard adds a shard's sums, one kind at a time (so that merging holds
// the total and one layer of one shard), and its counts, to acc.
func addShard(acc *Accum, s *shardDir) error {
	for k, kind := range s.kinds {
		rows, cols, sums, err := npy.ReadFloat64(filepath.Join(s.dir, s.meta.Kind(kind).File))
		if err == nil && (rows != acc.V || cols != acc.H) {
			err = fmt.Errorf("sums are (%d, %d), the model is (%d, %d)", rows, cols, acc.V, acc.H)
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %w", ErrMerge, s.dir, err)
		}
		if acc.Sums[k] == nil {
			acc.Sums[k] = sums
			continue
		}
		for i, v := range sums {
			acc.Sums[k][i] += v
		}
	}
	counts, err := npy.ReadInt64(filepath.Join(s.dir, CountFile))
	if err == nil && len(counts) != acc.V {
		err = fmt.Errorf("%d counts for %d ids", len(counts), acc.V)
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrMerge, s.dir, err)
	}
	if acc.Counts == nil {
		acc.Counts = counts
		return nil
	}
	for i, c := range counts {
		acc.Counts[i] += c
	}
	return nil
}

// sameRun checks that shard s comes from the run first comes from.
func sameRun(first, s *shardDir) error {
	a, b := first.corpus, s.corpus
	var what string
	switch {
	case first.meta.Model.WeightsSHA256 != s.meta.Model.WeightsSHA256:
		what = fmt.Sprintf("another model (weights sha256 %.12s…, not %.12s…)", s.meta.Model.WeightsSHA256, first.meta.Model.WeightsSHA256)
	case first.meta.Model.ConfigSHA256 != s.meta.Model.ConfigSHA256:
		what = fmt.Sprintf("another model config (sha256 %.12s…, not %.12s…)", s.meta.Model.ConfigSHA256, first.meta.Model.ConfigSHA256)
	case a.SHA256 != b.SHA256 || a.Bytes != b.Bytes:
		what = fmt.Sprintf("another corpus (%s, sha256 %.12s…, not %s, %.12s…)", b.Path, b.SHA256, a.Path, a.SHA256)
	case !slices.Equal(a.Layers, b.Layers) || !slices.Equal(first.kinds, s.kinds):
		what = fmt.Sprintf("other layers (%v, not %v)", b.Layers, a.Layers)
	case a.Window != b.Window:
		what = fmt.Sprintf("another window (%d, not %d)", b.Window, a.Window)
	case a.Shard.Count != b.Shard.Count:
		what = fmt.Sprintf("another split (shard %d of %d, not of %d)", b.Shard.Index, b.Shard.Count, a.Shard.Count)
	default:
		return nil
	}
	return fmt.Errorf("%w: %s comes from %s than %s", ErrMerge, s.dir, what, first.dir)
}
