package model

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vocab"
)

func TestLoadConfigTiny(t *testing.T) {
	c, err := LoadConfig("../testdata/tiny-bert-ja/config.json")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		ModelType: "bert", Architectures: []string{"BertForPreTraining"}, VocabSize: 417, HiddenSize: 64,
		NumHiddenLayers: 2, NumAttentionHeads: 4, IntermediateSize: 128, HiddenAct: "gelu",
		HiddenDropoutProb: 0.1, AttentionProbsDropoutProb: 0.1, MaxPositionEmbeddings: 64, TypeVocabSize: 2,
		InitializerRange: 0.2, LayerNormEps: 1e-12, PadTokenID: 0, PositionEmbeddingType: "absolute",
		TorchDType: "float32", TransformersVersion: "4.26.1",
	}
	if !reflect.DeepEqual(*c, want) {
		t.Fatalf("got  %+v\nwant %+v", *c, want)
	}
	if act, err := ParseActivation(c.HiddenAct); err != nil || act != ActGELU {
		t.Fatalf("activation %v, %v", act, err)
	}
}

func TestLoadConfigMissing(t *testing.T) {
	_, err := LoadConfig("testdata/none/config.json")
	if !errors.Is(err, ErrMissingFile) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want ErrMissingFile and os.ErrNotExist", err)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	c, err := ParseConfig([]byte(`{"model_type": "bert", "vocab_size": 32000}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.HiddenSize != 768 || c.NumHiddenLayers != 12 || c.LayerNormEps != 1e-12 || c.HiddenAct != "gelu" ||
		c.PositionEmbeddingType != "absolute" || c.VocabSize != 32000 || c.MaxPositionEmbeddings != 512 {
		t.Fatalf("defaults not applied: %+v", c)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, json string
		err        error  // nil: valid
		words      string // space-separated words the message must contain
	}{
		{"bert", `{"model_type":"bert"}`, nil, ""},
		{"no model_type, Bert architecture", `{"architectures":["BertForMaskedLM"]}`, nil, ""},
		{"gelu_new", `{"model_type":"bert","hidden_act":"gelu_new"}`, nil, ""},
		{"roberta", `{"model_type":"roberta"}`, ErrUnsupported, `model_type "roberta"`},
		{"no model_type", `{"hidden_size":64}`, ErrUnsupported, "model_type"},
		{"no model_type, other architecture", `{"architectures":["RobertaModel"]}`, ErrUnsupported, "RobertaModel"},
		{"swish", `{"model_type":"bert","hidden_act":"swish"}`, ErrUnsupported, `hidden_act "swish"`},
		{"relative positions", `{"model_type":"bert","position_embedding_type":"relative_key"}`, ErrUnsupported, "position_embedding_type relative_key"},
		{"decoder", `{"model_type":"bert","is_decoder":true}`, ErrUnsupported, "is_decoder"},
		{"heads", `{"model_type":"bert","hidden_size":64,"num_attention_heads":5}`, ErrConfig, "64 5"},
		{"zero vocab", `{"model_type":"bert","vocab_size":0}`, ErrConfig, "vocab_size"},
		{"negative layers", `{"model_type":"bert","num_hidden_layers":-1}`, ErrConfig, "num_hidden_layers -1"},
		{"huge hidden", `{"model_type":"bert","hidden_size":1099511627776}`, ErrConfig, "hidden_size"},
		{"two positions", `{"model_type":"bert","max_position_embeddings":2}`, ErrConfig, "max_position_embeddings"},
		{"eps zero", `{"model_type":"bert","layer_norm_eps":0}`, ErrConfig, "layer_norm_eps"},
		{"string size", `{"model_type":"bert","hidden_size":"64"}`, ErrConfig, "hidden_size"},
		{"array", `[]`, ErrConfig, "object"},
		{"null", `null`, ErrConfig, "object"},
		{"broken", `{"model_type":`, ErrConfig, ""},
		{"trailing", `{"model_type":"bert"} x`, ErrConfig, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tt.json))
			if tt.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			for _, w := range strings.Fields(tt.words) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseActivation(t *testing.T) {
	tests := []struct {
		in   string
		want Activation
		ok   bool
	}{
		{"gelu", ActGELU, true}, {"gelu_python", ActGELU, true},
		{"gelu_new", ActGELUNew, true}, {"gelu_pytorch_tanh", ActGELUNew, true},
		{"relu", ActReLU, true},
		{"swish", 0, false}, {"GELU", 0, false}, {"", 0, false}, {"gelu_fast", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseActivation(tt.in)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("ParseActivation(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if !tt.ok && (!errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "hidden_act")) {
			t.Errorf("ParseActivation(%q) err = %v, want ErrUnsupported naming hidden_act", tt.in, err)
		}
	}
	for _, a := range []Activation{ActGELU, ActGELUNew, ActReLU} {
		if back, err := ParseActivation(a.String()); err != nil || back != a {
			t.Errorf("%v does not round-trip: %v, %v", a, back, err)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	tiny, err := os.ReadFile("../testdata/tiny-bert-ja/config.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tiny)
	f.Add([]byte(`{"architectures":["BertModel"],"hidden_size":12,"num_attention_heads":3}`))
	f.Add([]byte(`{"model_type":"bert","hidden_act":"relu","layer_norm_eps":1e-5,"pad_token_id":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			if !errors.Is(err, ErrConfig) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither ErrConfig nor ErrUnsupported", err)
			}
			return
		}
		if c.HiddenSize <= 0 || c.NumAttentionHeads <= 0 || c.HiddenSize%c.NumAttentionHeads != 0 ||
			c.VocabSize <= 0 || c.NumHiddenLayers <= 0 || c.MaxPositionEmbeddings < 3 || !(c.LayerNormEps > 0) {
			t.Fatalf("accepted an impossible config: %+v", c)
		}
		if _, err := ParseActivation(c.HiddenAct); err != nil {
			t.Fatalf("accepted hidden_act %q", c.HiddenAct)
		}
		if c.NumHiddenLayers > 100 {
			return // valid, but too big to list cheaply
		}
		if got := len(ExpectedNames(c)); got != 5+16*c.NumHiddenLayers {
			t.Fatalf("ExpectedNames: %d names", got)
		}
	})
}

// ForwardSHA256 is the resume identity of directories already written:
// the tiny model's value is the one extract recorded before the hash
// moved here, and each forward-relevant change moves it.
func TestForwardSHA256(t *testing.T) {
	c, err := LoadConfig("../testdata/tiny-bert-ja/config.json")
	if err != nil {
		t.Fatal(err)
	}
	sp := vocab.Specials{PAD: 0, UNK: 1, CLS: 2, SEP: 3, MASK: 4}
	if got, want := c.ForwardSHA256(sp), "68567b5db222cf6bcbf4e3601a68a288b267b3bf20e0e0f147196520532c2543"; got != want {
		t.Fatalf("ForwardSHA256 = %s, want %s (existing directories would refuse --resume)", got, want)
	}
	base := c.ForwardSHA256(sp)
	for name, edit := range map[string]func(c *Config, sp *vocab.Specials){
		"hidden_act":     func(c *Config, _ *vocab.Specials) { c.HiddenAct = "relu" },
		"layer_norm_eps": func(c *Config, _ *vocab.Specials) { c.LayerNormEps *= 10 },
		"heads":          func(c *Config, _ *vocab.Specials) { c.NumAttentionHeads /= 2 },
		"[CLS] id":       func(_ *Config, sp *vocab.Specials) { sp.CLS = 7 },
	} {
		c2, sp2 := *c, sp
		edit(&c2, &sp2)
		if c2.ForwardSHA256(sp2) == base {
			t.Errorf("%s changed, the hash did not", name)
		}
	}
}
