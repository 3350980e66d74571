package model

import (
	"fmt"
	"slices"
	"strings"
)

// KeyStyle says how a checkpoint spells its state-dict keys.
type KeyStyle struct {
	// Prefix: keys start with "bert." (saved from BertForPreTraining,
	// BertForMaskedLM...), rather than bare BertModel keys.
	Prefix bool
	// GammaBeta: LayerNorm parameters are named gamma/beta, as in
	// checkpoints converted from TensorFlow (cl-tohoku's 2019 upload).
	GammaBeta bool
}

// String describes the style for logs, e.g. "bert. prefix, gamma/beta".
func (s KeyStyle) String() string {
	p, g := "no prefix", "weight/bias"
	if s.Prefix {
		p = "bert. prefix"
	}
	if s.GammaBeta {
		g = "gamma/beta"
	}
	return p + ", " + g
}

// ignoredBuffers are BertModel entries that are not weights.
var ignoredBuffers = map[string]bool{
	"embeddings.position_ids":   true, // arange(max_positions); bertvec uses positions 0..n-1
	"embeddings.token_type_ids": true, // zeros; newer transformers registers it
}

// CanonicalKey maps a state-dict key to its canonical BertModel name
// (e.g. "encoder.layer.0.attention.self.query.weight"): one leading "bert."
// is dropped and a final "gamma"/"beta" reads as "weight"/"bias". used is
// false for keys the encoder does not need: heads (cls.*, classifier.*),
// the pooler, and the position_ids/token_type_ids buffers.
func CanonicalKey(key string) (name string, used bool) {
	name, _ = canonical(key)
	used = (strings.HasPrefix(name, "embeddings.") || strings.HasPrefix(name, "encoder.")) && !ignoredBuffers[name]
	return name, used
}

func canonical(key string) (string, KeyStyle) {
	var st KeyStyle
	var name string
	name, st.Prefix = strings.CutPrefix(key, "bert.")
	if base, ok := strings.CutSuffix(name, ".gamma"); ok {
		name, st.GammaBeta = base+".weight", true
	} else if base, ok := strings.CutSuffix(name, ".beta"); ok {
		name, st.GammaBeta = base+".bias", true
	}
	return name, st
}

// KeyMap is the result of MapKeys.
type KeyMap struct {
	// Raw maps each canonical name the encoder uses to the key as stored.
	Raw map[string]string
	// Ignored lists the stored keys the encoder does not use, sorted.
	Ignored []string
	// Style is how the used keys are spelled; a flag is set when any used
	// key has that spelling.
	Style KeyStyle
}

// MapKeys maps a checkpoint's state-dict keys to canonical names. Two keys
// with the same canonical name (say "bert.x" and "x") are an error: which
// one transformers would load depends on the head class.
func MapKeys(keys []string) (*KeyMap, error) {
	m := &KeyMap{Raw: make(map[string]string, len(keys))}
	for _, k := range keys {
		name, used := CanonicalKey(k)
		if !used {
			m.Ignored = append(m.Ignored, k)
			continue
		}
		if prev, dup := m.Raw[name]; dup {
			return nil, fmt.Errorf("%w: keys %q and %q both name %s", ErrWeights, prev, k, name)
		}
		m.Raw[name] = k
		_, st := canonical(k)
		m.Style.Prefix = m.Style.Prefix || st.Prefix
		m.Style.GammaBeta = m.Style.GammaBeta || st.GammaBeta
	}
	slices.Sort(m.Ignored)
	return m, nil
}

// Shapes re-keys shapes (by stored key) by canonical name, for CheckShapes.
func (m *KeyMap) Shapes(stored map[string][]int) map[string][]int {
	out := make(map[string][]int, len(m.Raw))
	for name, k := range m.Raw {
		if s, ok := stored[k]; ok {
			out[name] = s
		}
	}
	return out
}

// ExpectedNames lists, in load order, the canonical name of every tensor
// the encoder needs: 5 embedding tensors, then 16 per layer.
func ExpectedNames(cfg *Config) []string {
	names := []string{
		"embeddings.word_embeddings.weight",
		"embeddings.position_embeddings.weight",
		"embeddings.token_type_embeddings.weight",
		"embeddings.LayerNorm.weight",
		"embeddings.LayerNorm.bias",
	}
	for i := range cfg.NumHiddenLayers {
		p := fmt.Sprintf("encoder.layer.%d.", i)
		for _, s := range layerTensors {
			names = append(names, p+s.name)
		}
	}
	return names
}

// dim names a size from the config.
type dim int

const (
	dimH dim = iota // hidden_size
	dimI            // intermediate_size
)

var layerTensors = []struct {
	name  string
	shape []dim
}{
	{"attention.self.query.weight", []dim{dimH, dimH}},
	{"attention.self.query.bias", []dim{dimH}},
	{"attention.self.key.weight", []dim{dimH, dimH}},
	{"attention.self.key.bias", []dim{dimH}},
	{"attention.self.value.weight", []dim{dimH, dimH}},
	{"attention.self.value.bias", []dim{dimH}},
	{"attention.output.dense.weight", []dim{dimH, dimH}},
	{"attention.output.dense.bias", []dim{dimH}},
	{"attention.output.LayerNorm.weight", []dim{dimH}},
	{"attention.output.LayerNorm.bias", []dim{dimH}},
	{"intermediate.dense.weight", []dim{dimI, dimH}}, // torch Linear: [out, in]
	{"intermediate.dense.bias", []dim{dimI}},
	{"output.dense.weight", []dim{dimH, dimI}},
	{"output.dense.bias", []dim{dimH}},
	{"output.LayerNorm.weight", []dim{dimH}},
	{"output.LayerNorm.bias", []dim{dimH}},
}

// ExpectedShapes maps every name of ExpectedNames to its shape under cfg.
func ExpectedShapes(cfg *Config) map[string][]int {
	H, I := cfg.HiddenSize, cfg.IntermediateSize
	out := map[string][]int{
		"embeddings.word_embeddings.weight":       {cfg.VocabSize, H},
		"embeddings.position_embeddings.weight":   {cfg.MaxPositionEmbeddings, H},
		"embeddings.token_type_embeddings.weight": {cfg.TypeVocabSize, H},
		"embeddings.LayerNorm.weight":             {H},
		"embeddings.LayerNorm.bias":               {H},
	}
	size := func(d dim) int {
		if d == dimI {
			return I
		}
		return H
	}
	for i := range cfg.NumHiddenLayers {
		p := fmt.Sprintf("encoder.layer.%d.", i)
		for _, t := range layerTensors {
			shape := make([]int, len(t.shape))
			for j, d := range t.shape {
				shape[j] = size(d)
			}
			out[p+t.name] = shape
		}
	}
	return out
}

// CheckShapes compares found (canonical name -> shape) with what cfg
// needs. It reports the first problem in load order, and how many more
// there are: a missing tensor (ErrMissingTensor), a tensor of another
// shape, or an embeddings./encoder. tensor the config has no place for,
// such as a layer beyond num_hidden_layers (both ErrShape). Other names
// (heads, pooler) are not the encoder's business and are ignored.
func CheckShapes(found map[string][]int, cfg *Config) error {
	want := ExpectedShapes(cfg)
	var problems []error
	for _, name := range ExpectedNames(cfg) {
		got, ok := found[name]
		switch {
		case !ok:
			problems = append(problems, fmt.Errorf("%w %s (want shape %v)", ErrMissingTensor, name, want[name]))
		case !slices.Equal(got, want[name]):
			problems = append(problems, fmt.Errorf("%w: %s has shape %v, config.json implies %v", ErrShape, name, got, want[name]))
		}
	}
	var extra []string
	for name := range found {
		if _, ok := want[name]; !ok && !ignoredBuffers[name] &&
			(strings.HasPrefix(name, "embeddings.") || strings.HasPrefix(name, "encoder.")) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	for _, name := range extra {
		problems = append(problems, fmt.Errorf("%w: unexpected tensor %s (config.json: num_hidden_layers %d, position_embedding_type %s)",
			ErrShape, name, cfg.NumHiddenLayers, cfg.PositionEmbeddingType))
	}
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return problems[0]
	}
	return fmt.Errorf("%w (and %d more problems)", problems[0], len(problems)-1)
}
