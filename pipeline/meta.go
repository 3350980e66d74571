package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Meta is meta.json, the description of a finished out dir that other
// tools (search, map) read. Field names are a contract: add, never rename.
type Meta struct {
	BertvecVersion  string               `json:"bertvec_version"`
	LibtorchVersion string               `json:"libtorch_version"`
	Model           ModelMeta            `json:"model"`
	Vocab           string               `json:"vocab"`  // VocabFile
	Format          string               `json:"format"` // "npy" or "word2vec"
	Kinds           map[string]*KindMeta `json:"kinds"`  // by Kind.String()
}

// ModelMeta is the checkpoint summary in meta.json.
type ModelMeta struct {
	Dir           string `json:"dir"`
	WeightsSHA256 string `json:"weights_sha256"`
	HiddenSize    int    `json:"hidden_size"`
	NumLayers     int    `json:"num_hidden_layers"`
	NumHeads      int    `json:"num_attention_heads"`
	VocabSize     int    `json:"vocab_size"`
}

// KindMeta describes one kind's vectors in meta.json.
type KindMeta struct {
	File    string `json:"file"`    // "static.npy"
	Shape   [2]int `json:"shape"`   // (V, H)
	Dtype   string `json:"dtype"`   // numpy descr, "<f4"
	SHA256  string `json:"sha256"`  // of File
	Context string `json:"context"` // Kind.Context
	// Layer is the hidden_states index of dynamic vectors; null for static.
	Layer    *int      `json:"layer"`
	Devices  []string  `json:"devices"`
	Batch    int       `json:"batch"`
	Workers  int       `json:"workers"`
	Threads  int       `json:"threads"`
	Word2Vec *W2VFiles `json:"word2vec,omitempty"`
	// WallSeconds and IDsPerSecond cover the run that finished the kind;
	// ResumedIDs were done by earlier, interrupted runs.
	WallSeconds  float64 `json:"wall_seconds"`
	IDsPerSecond float64 `json:"ids_per_second"`
	ResumedIDs   int     `json:"resumed_ids"`
}

// W2VFiles names a kind's word2vec files.
type W2VFiles struct {
	Text   string `json:"text"`
	Binary string `json:"binary"`
}

// ReadMeta reads dir/meta.json.
func ReadMeta(dir string) (*Meta, error) {
	data, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		return nil, err
	}
	var m Meta
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, MetaFile), err)
	}
	return &m, nil
}

func (m *Meta) write(dir string) error {
	return writeAtomic(dir, MetaFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(m)
	})
}

// identity recovers the resume identity of a finished out dir.
func (m *Meta) identity() identity {
	id := identity{WeightsSHA256: m.Model.WeightsSHA256, Format: m.Format}
	names := make([]string, 0, len(m.Kinds))
	for name := range m.Kinds {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return kindOrder(names[i]) < kindOrder(names[j]) })
	id.Kinds = names
	for name, km := range m.Kinds {
		id.Rows, id.Cols = km.Shape[0], km.Shape[1]
		if name == Dynamic.String() {
			id.Batch = km.Batch
			if km.Layer != nil {
				id.Layer = *km.Layer
			}
		}
	}
	return id
}

func kindOrder(name string) int {
	k, err := ParseKind(name)
	if err != nil {
		return 1 << 10
	}
	return int(k)
}

func (p *plan) meta(finished map[string]*KindMeta) *Meta {
	return &Meta{
		BertvecVersion:  p.Version,
		LibtorchVersion: p.LibtorchVersion,
		Model: ModelMeta{
			Dir:           p.Model.Dir,
			WeightsSHA256: p.Model.WeightsSHA256,
			HiddenSize:    p.Model.HiddenSize,
			NumLayers:     p.Model.NumLayers,
			NumHeads:      p.Model.NumHeads,
			VocabSize:     p.Model.VocabSize,
		},
		Vocab:  VocabFile,
		Format: p.Format.String(),
		Kinds:  finished,
	}
}

// kindMeta builds a kind's entry from how this run produced it.
func (p *plan) kindMeta(k Kind, sha string, run kindRun) *KindMeta {
	km := &KindMeta{
		File:        k.File(),
		Shape:       [2]int{p.rows, p.cols},
		Dtype:       "<f4",
		SHA256:      sha,
		Context:     k.Context(),
		Threads:     p.Threads,
		WallSeconds: run.wall.Seconds(),
		ResumedIDs:  run.resumed,
	}
	if run.wall > 0 {
		km.IDsPerSecond = float64(run.computed) / run.wall.Seconds()
	}
	switch k {
	case Static:
		km.Devices = []string{p.Devices[0].Name}
		km.Batch, km.Workers = p.rows, 1
	case Dynamic:
		layer := p.Layer
		km.Layer = &layer
		km.Devices = p.deviceNames()
		km.Batch, km.Workers = p.Batch, p.workers()
	}
	if p.Format == FormatWord2Vec {
		km.Word2Vec = &W2VFiles{Text: W2VTextFile(k), Binary: W2VBinaryFile(k)}
	}
	return km
}
