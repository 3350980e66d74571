package model

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCanonicalKey(t *testing.T) {
	tests := []struct {
		key, name string
		used      bool
	}{
		{"bert.embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight", true},
		{"embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight", true},
		{"bert.embeddings.LayerNorm.gamma", "embeddings.LayerNorm.weight", true},
		{"bert.embeddings.LayerNorm.beta", "embeddings.LayerNorm.bias", true},
		{"encoder.layer.11.output.LayerNorm.gamma", "encoder.layer.11.output.LayerNorm.weight", true},
		{"bert.encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.query.weight", true},
		{"bert.embeddings.position_ids", "embeddings.position_ids", false},
		{"embeddings.token_type_ids", "embeddings.token_type_ids", false},
		{"bert.pooler.dense.weight", "pooler.dense.weight", false},
		{"cls.predictions.decoder.weight", "cls.predictions.decoder.weight", false},
		{"cls.predictions.transform.LayerNorm.gamma", "cls.predictions.transform.LayerNorm.weight", false},
		{"classifier.weight", "classifier.weight", false},
		{"bert.bert.embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight", false},
		{"roberta.embeddings.word_embeddings.weight", "roberta.embeddings.word_embeddings.weight", false},
		{"encoder.layer.0.gammaray.weight", "encoder.layer.0.gammaray.weight", true},
	}
	for _, tt := range tests {
		name, used := CanonicalKey(tt.key)
		if name != tt.name || used != tt.used {
			t.Errorf("CanonicalKey(%q) = %q, %v; want %q, %v", tt.key, name, used, tt.name, tt.used)
		}
	}
}

func TestMapKeys(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		raw     map[string]string
		ignored []string
		style   KeyStyle
		err     bool
	}{
		{name: "prefixed", keys: []string{"bert.embeddings.LayerNorm.weight", "cls.seq_relationship.bias", "bert.embeddings.position_ids"},
			raw:     map[string]string{"embeddings.LayerNorm.weight": "bert.embeddings.LayerNorm.weight"},
			ignored: []string{"bert.embeddings.position_ids", "cls.seq_relationship.bias"},
			style:   KeyStyle{Prefix: true}},
		{name: "bare gamma", keys: []string{"embeddings.LayerNorm.gamma", "pooler.dense.bias"},
			raw:     map[string]string{"embeddings.LayerNorm.weight": "embeddings.LayerNorm.gamma"},
			ignored: []string{"pooler.dense.bias"},
			style:   KeyStyle{GammaBeta: true}},
		{name: "gamma only in an ignored head does not count", keys: []string{"embeddings.LayerNorm.bias", "cls.predictions.transform.LayerNorm.beta"},
			raw:     map[string]string{"embeddings.LayerNorm.bias": "embeddings.LayerNorm.bias"},
			ignored: []string{"cls.predictions.transform.LayerNorm.beta"}},
		{name: "prefix clash", keys: []string{"bert.embeddings.LayerNorm.weight", "embeddings.LayerNorm.weight"}, err: true},
		{name: "gamma clash", keys: []string{"embeddings.LayerNorm.gamma", "embeddings.LayerNorm.weight"}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := MapKeys(tt.keys)
			if tt.err {
				if !errors.Is(err, ErrWeights) || !strings.Contains(err.Error(), "embeddings.LayerNorm.weight") {
					t.Fatalf("err = %v, want ErrWeights naming the tensor", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(m.Raw, tt.raw) || !slices.Equal(m.Ignored, tt.ignored) || m.Style != tt.style {
				t.Fatalf("got %+v", m)
			}
		})
	}
}

func TestKeyStyleString(t *testing.T) {
	if s := (KeyStyle{Prefix: true, GammaBeta: true}).String(); s != "bert. prefix, gamma/beta" {
		t.Errorf("String = %q", s)
	}
	if s := (KeyStyle{}).String(); s != "no prefix, weight/bias" {
		t.Errorf("String = %q", s)
	}
}

func tinyConfig(t *testing.T) *Config {
	t.Helper()
	c, err := LoadConfig("../testdata/tiny-bert-ja/config.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExpectedShapes(t *testing.T) {
	cfg := tinyConfig(t)
	shapes, names := ExpectedShapes(cfg), ExpectedNames(cfg)
	if len(names) != 5+16*2 || len(shapes) != len(names) {
		t.Fatalf("%d names, %d shapes; want 37", len(names), len(shapes))
	}
	for _, n := range names {
		if _, ok := shapes[n]; !ok {
			t.Fatalf("ExpectedNames has %s, ExpectedShapes does not", n)
		}
	}
	for name, want := range map[string][]int{
		"embeddings.word_embeddings.weight":           {417, 64},
		"embeddings.position_embeddings.weight":       {64, 64},
		"embeddings.token_type_embeddings.weight":     {2, 64},
		"embeddings.LayerNorm.bias":                   {64},
		"encoder.layer.1.attention.self.value.weight": {64, 64},
		"encoder.layer.0.intermediate.dense.weight":   {128, 64},
		"encoder.layer.0.intermediate.dense.bias":     {128},
		"encoder.layer.1.output.dense.weight":         {64, 128},
		"encoder.layer.1.output.LayerNorm.weight":     {64},
	} {
		if !reflect.DeepEqual(shapes[name], want) {
			t.Errorf("%s: %v, want %v", name, shapes[name], want)
		}
	}
}

func TestCheckShapes(t *testing.T) {
	cfg := tinyConfig(t)
	good := ExpectedShapes(cfg)
	edit := func(f func(m map[string][]int)) map[string][]int {
		m := maps.Clone(good)
		f(m)
		return m
	}
	tests := []struct {
		name  string
		found map[string][]int
		err   error
		words string // " | "-separated substrings of the message
	}{
		{"exact", good, nil, ""},
		{"heads and buffers ignored", edit(func(m map[string][]int) {
			m["pooler.dense.weight"] = []int{1}
			m["cls.predictions.bias"] = []int{417}
			m["embeddings.position_ids"] = []int{1, 64}
		}), nil, ""},
		{"missing", edit(func(m map[string][]int) { delete(m, "encoder.layer.1.output.LayerNorm.bias") }),
			ErrMissingTensor, "encoder.layer.1.output.LayerNorm.bias | [64]"},
		{"transposed", edit(func(m map[string][]int) { m["encoder.layer.0.intermediate.dense.weight"] = []int{64, 128} }),
			ErrShape, "encoder.layer.0.intermediate.dense.weight has shape [64 128] | [128 64]"},
		{"vocab", edit(func(m map[string][]int) { m["embeddings.word_embeddings.weight"] = []int{32000, 64} }),
			ErrShape, "[32000 64] | [417 64]"},
		{"extra layer", edit(func(m map[string][]int) { m["encoder.layer.2.output.dense.bias"] = []int{64} }),
			ErrShape, "unexpected tensor encoder.layer.2.output.dense.bias | num_hidden_layers 2"},
		{"relative positions", edit(func(m map[string][]int) {
			m["encoder.layer.0.attention.self.distance_embedding.weight"] = []int{127, 16}
		}), ErrShape, "distance_embedding"},
		{"several", edit(func(m map[string][]int) {
			delete(m, "embeddings.LayerNorm.weight")
			delete(m, "embeddings.LayerNorm.bias")
			m["encoder.layer.0.output.dense.bias"] = []int{65}
		}), ErrMissingTensor, "missing tensor embeddings.LayerNorm.weight | (and 2 more problems)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckShapes(tt.found, cfg)
			if tt.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			msg := err.Error()
			for _, w := range strings.Split(tt.words, " | ") {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
		})
	}
}

func ExampleCanonicalKey() {
	for _, k := range []string{"bert.encoder.layer.0.output.LayerNorm.gamma", "cls.predictions.bias"} {
		name, used := CanonicalKey(k)
		fmt.Println(name, used)
	}
	// Output:
	// encoder.layer.0.output.LayerNorm.weight true
	// cls.predictions.bias false
}
