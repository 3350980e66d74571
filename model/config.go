package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/bertvec/bertvec/internal/regfile"
	"github.com/bertvec/bertvec/vocab"
)

// Config mirrors a BERT config.json as transformers writes it. Fields the
// encoder does not use are kept so that the file round-trips and reports
// can show them; unknown fields are ignored, as transformers does.
type Config struct {
	ModelType                 string   `json:"model_type"`
	Architectures             []string `json:"architectures,omitempty"`
	VocabSize                 int      `json:"vocab_size"`
	HiddenSize                int      `json:"hidden_size"`
	NumHiddenLayers           int      `json:"num_hidden_layers"`
	NumAttentionHeads         int      `json:"num_attention_heads"`
	IntermediateSize          int      `json:"intermediate_size"`
	HiddenAct                 string   `json:"hidden_act"`
	HiddenDropoutProb         float64  `json:"hidden_dropout_prob"`
	AttentionProbsDropoutProb float64  `json:"attention_probs_dropout_prob"`
	MaxPositionEmbeddings     int      `json:"max_position_embeddings"`
	TypeVocabSize             int      `json:"type_vocab_size"`
	InitializerRange          float64  `json:"initializer_range"`
	LayerNormEps              float64  `json:"layer_norm_eps"`
	PadTokenID                int      `json:"pad_token_id"`
	PositionEmbeddingType     string   `json:"position_embedding_type"`
	IsDecoder                 bool     `json:"is_decoder,omitempty"`
	TorchDType                string   `json:"torch_dtype,omitempty"`
	TransformersVersion       string   `json:"transformers_version,omitempty"`
}

// DefaultConfig returns transformers' BertConfig defaults (bert-base), which
// fill the fields a config.json leaves out.
func DefaultConfig() Config {
	return Config{
		ModelType: "bert", VocabSize: 30522, HiddenSize: 768, NumHiddenLayers: 12,
		NumAttentionHeads: 12, IntermediateSize: 3072, HiddenAct: "gelu",
		HiddenDropoutProb: 0.1, AttentionProbsDropoutProb: 0.1,
		MaxPositionEmbeddings: 512, TypeVocabSize: 2, InitializerRange: 0.02,
		LayerNormEps: 1e-12, PositionEmbeddingType: "absolute",
	}
}

// maxSize bounds every size field, far above any BERT, so that products of
// sizes stay small and a corrupt file is not taken for a giant model.
const maxSize = 1 << 24

// MaxConfigSize bounds config.json; real ones are a few kB (a few hundred
// kB with a large id2label).
const MaxConfigSize = 16 << 20

// LoadConfig reads, parses and validates a config.json, which must be a
// regular file of at most MaxConfigSize bytes.
func LoadConfig(path string) (*Config, error) {
	b, err := regfile.ReadFile(path, MaxConfigSize)
	if errors.Is(err, regfile.ErrNotRegular) || errors.Is(err, regfile.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMissingFile, err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseConfig parses and validates config.json contents.
func ParseConfig(b []byte) (*Config, error) {
	c := DefaultConfig()
	// model_type is a class attribute in transformers, so a file without it
	// must not inherit "bert" from the defaults; Validate decides.
	c.ModelType = ""
	if !bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("{")) {
		return nil, fmt.Errorf("%w: not a JSON object", ErrConfig)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks that the encoder can run this configuration.
func (c *Config) Validate() error {
	if err := c.checkModelType(); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    int
	}{
		{"vocab_size", c.VocabSize}, {"hidden_size", c.HiddenSize},
		{"num_hidden_layers", c.NumHiddenLayers}, {"num_attention_heads", c.NumAttentionHeads},
		{"intermediate_size", c.IntermediateSize}, {"max_position_embeddings", c.MaxPositionEmbeddings},
		{"type_vocab_size", c.TypeVocabSize},
	} {
		if f.v <= 0 || f.v > maxSize {
			return fmt.Errorf("%w: %s = %d, want 1..%d", ErrConfig, f.name, f.v, maxSize)
		}
	}
	if c.HiddenSize%c.NumAttentionHeads != 0 {
		return fmt.Errorf("%w: hidden_size %d is not a multiple of num_attention_heads %d", ErrConfig, c.HiddenSize, c.NumAttentionHeads)
	}
	if c.MaxPositionEmbeddings < 3 {
		return fmt.Errorf("%w: max_position_embeddings = %d, but [CLS] id [SEP] needs 3 positions", ErrConfig, c.MaxPositionEmbeddings)
	}
	if !(c.LayerNormEps > 0) || math.IsInf(c.LayerNormEps, 0) {
		return fmt.Errorf("%w: layer_norm_eps = %g, want a positive number", ErrConfig, c.LayerNormEps)
	}
	if _, err := ParseActivation(c.HiddenAct); err != nil {
		return err
	}
	if c.PositionEmbeddingType != "absolute" {
		return fmt.Errorf("%w: position_embedding_type %q (only \"absolute\" is implemented)", ErrUnsupported, c.PositionEmbeddingType)
	}
	if c.IsDecoder {
		return fmt.Errorf("%w: is_decoder = true (causal attention is not implemented)", ErrUnsupported)
	}
	return nil
}

// checkModelType accepts model_type "bert". Old configs (Google's
// bert_config.json, early uploads) have no model_type; they are accepted
// when every listed architecture is a Bert* class.
func (c *Config) checkModelType() error {
	switch c.ModelType {
	case "bert":
		return nil
	case "":
		if len(c.Architectures) == 0 {
			return fmt.Errorf("%w: model_type is missing and no architectures are listed; want model_type \"bert\"", ErrUnsupported)
		}
		for _, a := range c.Architectures {
			if !strings.HasPrefix(a, "Bert") {
				return fmt.Errorf("%w: model_type is missing and architecture %q is not BERT", ErrUnsupported, a)
			}
		}
		return nil
	}
	return fmt.Errorf("%w: model_type %q, want \"bert\"", ErrUnsupported, c.ModelType)
}

// Activation is the feed-forward nonlinearity, config.json's hidden_act.
type Activation int

const (
	// ActGELU is the exact GELU, x·Φ(x) with erf ("gelu").
	ActGELU Activation = iota
	// ActGELUNew is the tanh approximation of GELU ("gelu_new").
	ActGELUNew
	// ActReLU is max(x, 0) ("relu").
	ActReLU
)

// String returns the config.json spelling.
func (a Activation) String() string {
	switch a {
	case ActGELU:
		return "gelu"
	case ActGELUNew:
		return "gelu_new"
	case ActReLU:
		return "relu"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation parses hidden_act. transformers' aliases for the same
// functions are accepted: gelu_python (erf) and gelu_pytorch_tanh (tanh).
func ParseActivation(s string) (Activation, error) {
	switch s {
	case "gelu", "gelu_python":
		return ActGELU, nil
	case "gelu_new", "gelu_pytorch_tanh":
		return ActGELUNew, nil
	case "relu":
		return ActReLU, nil
	}
	return 0, fmt.Errorf("%w: hidden_act %q (want gelu, gelu_new or relu)", ErrUnsupported, s)
}

// ForwardSHA256 hashes what of the config decides the forward pass, and
// the special ids that frame each input: with the weights' sha256 it is a
// run's resume identity, so that a resume with an edited config.json
// (another activation, head count, eps) is refused. The struct's fields,
// names and order are the identity of directories already written: add
// to it only what must refuse their resume.
func (c *Config) ForwardSHA256(specials vocab.Specials) string {
	forward := struct {
		ModelType                                   string
		VocabSize, HiddenSize, Layers, Heads, Inter int
		HiddenAct                                   string
		MaxPos, TypeVocab, PadTokenID               int
		LayerNormEps                                float64
		PositionEmbeddingType                       string
		IsDecoder                                   bool
		Specials                                    vocab.Specials
	}{c.ModelType, c.VocabSize, c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.IntermediateSize,
		c.HiddenAct, c.MaxPositionEmbeddings, c.TypeVocabSize, c.PadTokenID, c.LayerNormEps,
		c.PositionEmbeddingType, c.IsDecoder, specials}
	b, _ := json.Marshal(forward) // plain fields: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
