package contextvec

import (
	"fmt"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/filehash"
	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// CountFile holds the occurrences of each id, '<i8' (V,): the same for
// every layer, so one file whatever the kinds.
var CountFile = vecdir.Context.AuxFile("count")

// sumPart names a shard's float64 sums of a kind, <kind>_sum.npy.
const sumPart = "sum"

// AuxFiles lists what a context kind may leave in a vectors directory
// besides its means (k.File()): a shard's float64 sums and CountFile,
// which every context kind shares. An out dir's owner lists a kind's
// files from here, so that the names are written down once.
func AuxFiles(k vecdir.Kind) []string { return []string{k.AuxFile(sumPart), CountFile} }

// Kinds returns the kinds a run writes: Context for one layer asked for
// as --layer, ContextLayer(l) for each of --layers.
func Kinds(layers []int, perLayer bool) []vecdir.Kind {
	if !perLayer {
		return []vecdir.Kind{vecdir.Context}
	}
	ks := make([]vecdir.Kind, len(layers))
	for i, l := range layers {
		ks[i] = vecdir.ContextLayer(l)
	}
	return ks
}

// WriteVectors writes each kind's float32 means and the counts into dir
// and returns their meta.json entries. corpus is filled in with the ids
// never seen and the layers.
func WriteVectors(dir string, acc *Accum, kinds []vecdir.Kind, corpus vecdir.CorpusMeta) (map[string]*vecdir.KindMeta, error) {
	corpus.NeverSeen = acc.NeverSeen()
	corpus.Layers = acc.Layers
	metas := map[string]*vecdir.KindMeta{}
	for k, kind := range kinds {
		path := filepath.Join(dir, kind.File())
		if err := npy.Write(path, acc.V, acc.H, acc.Means(k)); err != nil {
			return nil, err
		}
		km, err := kindMeta(path, kind, acc, k, "<f4", corpus)
		if err != nil {
			return nil, err
		}
		metas[kind.String()] = km
	}
	return metas, npy.WriteInt64(filepath.Join(dir, CountFile), acc.Counts)
}

// WriteShard writes a shard's partial output: per kind the float64 sums
// (<kind>_sum.npy) and the counts.
func WriteShard(dir string, acc *Accum, kinds []vecdir.Kind, corpus vecdir.CorpusMeta) (map[string]*vecdir.KindMeta, error) {
	corpus.NeverSeen = acc.NeverSeen()
	corpus.Layers = acc.Layers
	metas := map[string]*vecdir.KindMeta{}
	for k, kind := range kinds {
		path := filepath.Join(dir, kind.AuxFile(sumPart))
		if err := npy.WriteFloat64(path, acc.V, acc.H, acc.Sums[k]); err != nil {
			return nil, err
		}
		km, err := kindMeta(path, kind, acc, k, "<f8", corpus)
		if err != nil {
			return nil, err
		}
		metas[kind.String()] = km
	}
	return metas, npy.WriteInt64(filepath.Join(dir, CountFile), acc.Counts)
}

func kindMeta(path string, kind vecdir.Kind, acc *Accum, k int, dtype string, corpus vecdir.CorpusMeta) (*vecdir.KindMeta, error) {
	sum, err := filehash.SHA256(path)
	if err != nil {
		return nil, fmt.Errorf("hash %s: %w", path, err)
	}
	layer := acc.Layers[k]
	c := corpus
	return &vecdir.KindMeta{File: filepath.Base(path), Shape: [2]int{acc.V, acc.H}, Dtype: dtype, SHA256: sum,
		Context: kind.Describe(), Layer: &layer, Corpus: &c}, nil
}
