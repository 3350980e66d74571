package vecdir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
)

// Names of the files every vectors directory has besides the .npy files.
const (
	// VocabFile holds the tokens, line i for id i.
	VocabFile = "vocab.txt"
	// MetaFile describes the run that wrote the directory. It is written
	// last: a directory with MetaFile is complete.
	MetaFile = "meta.json"
)

// The checkpoint's tokenizer settings, copied as they are so that queries
// tokenize a word as the model does (package tokenize reads them); a
// checkpoint without one has none here either.
const (
	TokenizerConfigFile = "tokenizer_config.json"
	SpecialTokensFile   = "special_tokens_map.json"
)

// MaxMetaSize bounds the bytes read from a meta.json: a real one is a few
// KiB, and a hostile one (or /dev/zero behind the name) must not exhaust
// memory.
const MaxMetaSize = 4 << 20

// ErrMeta reports a meta.json that cannot be read or does not make sense.
var ErrMeta = errors.New("bad meta.json")

// Meta is meta.json, the description of a vectors directory. Field names
// are a contract with every reader: add fields, never rename them.
type Meta struct {
	BertvecVersion  string               `json:"bertvec_version"`
	LibtorchVersion string               `json:"libtorch_version"`
	Model           ModelMeta            `json:"model"`
	Vocab           string               `json:"vocab"`  // VocabFile
	Format          string               `json:"format"` // "npy" or "word2vec"
	Kinds           map[string]*KindMeta `json:"kinds"`  // by Kind.String()
	// Tokenizer says how the model tokenizes; nil in directories written
	// before bertvec recorded it.
	Tokenizer *TokenizerMeta `json:"tokenizer,omitempty"`
}

// TokenizerMeta is the tokenizer part of meta.json.
type TokenizerMeta struct {
	// Class is transformers' tokenizer class (BertJapaneseTokenizer…),
	// resolved from the checkpoint's files, config.json included.
	Class string `json:"class"`
	// Files lists the tokenizer files copied into the directory.
	Files []string `json:"files"`
}

// ModelMeta is the checkpoint summary in meta.json.
type ModelMeta struct {
	// Dir is the model as the user named it: a path or a Hub id.
	Dir           string `json:"dir"`
	WeightsSHA256 string `json:"weights_sha256"`
	HiddenSize    int    `json:"hidden_size"`
	NumLayers     int    `json:"num_hidden_layers"`
	NumHeads      int    `json:"num_attention_heads"`
	VocabSize     int    `json:"vocab_size"`
	// ConfigSHA256 identifies the forward: a hash of config.json's
	// forward-relevant fields and the special token ids (empty in
	// directories written before it existed).
	ConfigSHA256 string `json:"config_sha256,omitempty"`
	// HubID, Revision and Commit say where a model given as a Hub id came
	// from: the id and revision asked for and the commit they resolved to
	// (empty for a local directory).
	HubID    string `json:"hub_id,omitempty"`
	Revision string `json:"revision,omitempty"`
	Commit   string `json:"commit,omitempty"`
}

// KindMeta describes one kind's vectors in meta.json.
type KindMeta struct {
	File    string `json:"file"`    // Kind.File()
	Shape   [2]int `json:"shape"`   // (V, H)
	Dtype   string `json:"dtype"`   // numpy descr, "<f4"
	SHA256  string `json:"sha256"`  // of File
	Context string `json:"context"` // Kind.Describe
	// Layer is the hidden_states index of computed vectors; null for static.
	Layer   *int     `json:"layer"`
	Devices []string `json:"devices"`
	Batch   int      `json:"batch"`
	Workers int      `json:"workers"`
	Threads int      `json:"threads"`
	// BLASThreads is the OpenBLAS thread count of computed kinds (0 when
	// not recorded).
	BLASThreads int `json:"blas_threads,omitempty"`
	// Precision is the linear layers' number format of a dynamic kind
	// when it is not fp32 ("bf16"); empty means fp32.
	Precision string    `json:"precision,omitempty"`
	Word2Vec  *W2VFiles `json:"word2vec,omitempty"`
	// WallSeconds and IDsPerSecond cover the run that finished the kind;
	// ResumedIDs were done by earlier, interrupted runs.
	WallSeconds  float64 `json:"wall_seconds"`
	IDsPerSecond float64 `json:"ids_per_second"`
	ResumedIDs   int     `json:"resumed_ids"`
	// Corpus describes the corpus of a context kind (nil for others).
	Corpus *CorpusMeta `json:"corpus,omitempty"`
	// Shard marks a static or dynamic kind computed for one contiguous
	// range of ids only (extract --shard): a partial output, for merge.
	Shard *ShardMeta `json:"shard,omitempty"`
}

// W2VFiles names a kind's word2vec files.
type W2VFiles struct {
	Text   string `json:"text"`
	Binary string `json:"binary"`
}

// Kind returns k's entry, or nil when the directory does not have it.
func (m *Meta) Kind(k Kind) *KindMeta { return m.Kinds[k.String()] }

// KindList returns the kinds meta.json lists, in canonical order; names
// that are not kinds are skipped.
func (m *Meta) KindList() []Kind {
	var ks []Kind
	for name := range m.Kinds {
		if k, err := ParseKind(name); err == nil {
			ks = append(ks, k)
		}
	}
	SortKinds(ks)
	return ks
}

// Files lists every file the meta names: the vocab, then per kind its
// .npy and word2vec files. Each is a plain name inside the directory.
func (m *Meta) Files() []string {
	files := []string{m.Vocab}
	for _, k := range m.KindList() {
		km := m.Kind(k)
		files = append(files, km.File)
		if km.Word2Vec != nil {
			files = append(files, km.Word2Vec.Text, km.Word2Vec.Binary)
		}
	}
	return files
}

// Encode writes m as indented JSON, the form meta.json has on disk.
func (m *Meta) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(m)
}

// ParseMeta decodes meta.json's bytes and checks that every file it names
// is a plain name inside the directory and every kind is a kind.
func ParseMeta(data []byte) (*Meta, error) {
	var m Meta
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMeta, err)
	}
	if m.Vocab == "" {
		m.Vocab = VocabFile
	}
	names := []string{m.Vocab}
	for name, km := range m.Kinds {
		k, err := ParseKind(name)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMeta, err)
		}
		if km == nil {
			return nil, fmt.Errorf("%w: kind %s has no entry", ErrMeta, name)
		}
		if km.File == "" {
			km.File = k.File()
		}
		names = append(names, km.File)
		if km.Word2Vec != nil {
			names = append(names, km.Word2Vec.Text, km.Word2Vec.Binary)
		}
	}
	for _, n := range names {
		if !plainName(n) {
			return nil, fmt.Errorf("%w: %q is not a file name inside the directory", ErrMeta, n)
		}
	}
	return &m, nil
}

// plainName reports whether name is one path element naming a file in
// the directory itself.
func plainName(name string) bool {
	return name != "" && name != "." && name != ".." && filepath.Base(name) == name &&
		!bytes.ContainsAny([]byte(name), `/\`+"\x00")
}

// ReadMeta reads dir's meta.json. A missing file wraps fs.ErrNotExist; a
// file that is not a regular file, is larger than MaxMetaSize or does not
// parse wraps ErrMeta.
func ReadMeta(dir string) (*Meta, error) {
	path := filepath.Join(dir, MetaFile)
	data, err := ReadRegular(path, MaxMetaSize)
	if err != nil {
		return nil, err
	}
	m, err := ParseMeta(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
