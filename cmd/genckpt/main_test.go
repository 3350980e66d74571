package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/model/safetensors"
	"github.com/bertvec/bertvec/vocab"
)

var small = []string{"-vocab", "300", "-hidden", "32", "-layers", "2", "-heads", "4", "-intermediate", "64", "-positions", "16"}

func generate(t *testing.T, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ckpt")
	var stdout, stderr bytes.Buffer
	if err := run(append(append([]string{"-out", dir}, small...), extra...), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "wrote "+dir) {
		t.Errorf("stdout %q", stdout.String())
	}
	return dir
}

func TestGenerateLoads(t *testing.T) {
	dir := generate(t)
	ck, err := model.Inspect(dir, model.WeightsAuto)
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	c := ck.Config
	if c.VocabSize != 300 || c.HiddenSize != 32 || c.NumHiddenLayers != 2 || c.NumAttentionHeads != 4 ||
		c.IntermediateSize != 64 || c.MaxPositionEmbeddings != 16 || c.InitializerRange != 0.02 {
		t.Fatalf("config %+v", c)
	}
	if ck.Keys.Style != (model.KeyStyle{Prefix: true}) || ck.DTypes["F32"] != 5+16*2 {
		t.Fatalf("keys %+v, dtypes %v", ck.Keys.Style, ck.DTypes)
	}
	if s := ck.Vocab.Specials(); s != (vocab.Specials{PAD: 0, UNK: 1, CLS: 2, SEP: 3, MASK: 4}) {
		t.Fatalf("specials %+v", s)
	}
	for _, w := range []string{"王", "女", "男", "子", "女王"} {
		if ids, err := ck.Vocab.WordPiece(w); err != nil || len(ids) != 1 {
			t.Errorf("WordPiece(%q) = %v, %v", w, ids, err)
		}
	}
	seen := map[string]bool{}
	for _, tok := range ck.Vocab.Tokens() {
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
	for _, p := range []string{model.ConfigFile, model.VocabFile, model.SafetensorsFile} {
		st, err := os.Stat(filepath.Join(dir, p))
		if err != nil || st.Mode().Perm() != 0o644 {
			t.Errorf("%s: %v %v", p, st.Mode(), err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("%d files in %s, want 3", len(entries), dir)
	}
}

func TestGenerateValues(t *testing.T) {
	dir := generate(t)
	f, err := safetensors.Open(filepath.Join(dir, model.SafetensorsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	read := func(name string) []float32 {
		info, ok := f.Info(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		v := make([]float32, info.NumElements())
		if err := f.Float32(name, v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, name := range []string{"bert.embeddings.LayerNorm.weight", "bert.encoder.layer.1.output.LayerNorm.weight"} {
		for _, x := range read(name) {
			if x != 1 {
				t.Fatalf("%s has %v, want all 1", name, x)
			}
		}
	}
	for _, name := range []string{"bert.embeddings.LayerNorm.bias", "bert.encoder.layer.0.attention.self.query.bias", "bert.encoder.layer.1.intermediate.dense.bias"} {
		for _, x := range read(name) {
			if x != 0 {
				t.Fatalf("%s has %v, want all 0", name, x)
			}
		}
	}
	word := read("bert.embeddings.word_embeddings.weight")
	for _, x := range word[:32] {
		if x != 0 {
			t.Fatalf("[PAD] row has %v, want 0", x)
		}
	}
	// 299*32 draws of N(0, 0.02²): the sample std is within a few percent.
	var sum, sq float64
	rest := word[32:]
	for _, x := range rest {
		sum += float64(x)
		sq += float64(x) * float64(x)
	}
	n := float64(len(rest))
	mean, std := sum/n, math.Sqrt(sq/n-(sum/n)*(sum/n))
	if math.Abs(mean) > 0.002 || math.Abs(std-0.02) > 0.001 {
		t.Errorf("word embeddings mean %g std %g, want about 0 and 0.02", mean, std)
	}
	q0, q1 := read("bert.encoder.layer.0.attention.self.query.weight"), read("bert.encoder.layer.1.attention.self.query.weight")
	if slicesEqual(q0, q1) {
		t.Error("two layers got the same random weights")
	}
	pos := make([]int64, 16)
	if err := f.Int64("bert.embeddings.position_ids", pos); err != nil || pos[15] != 15 {
		t.Errorf("position_ids %v, %v", pos, err)
	}
}

func slicesEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestGenerateDeterministic(t *testing.T) {
	a, b, c := generate(t), generate(t), generate(t, "-seed", "2")
	for _, name := range []string{model.ConfigFile, model.VocabFile, model.SafetensorsFile} {
		fa, _ := os.ReadFile(filepath.Join(a, name))
		fb, _ := os.ReadFile(filepath.Join(b, name))
		fc, _ := os.ReadFile(filepath.Join(c, name))
		if len(fa) == 0 || !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if name == model.SafetensorsFile && bytes.Equal(fa, fc) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{}, true, "-out"},
		{[]string{"-out", t.TempDir(), "extra"}, true, "-out"},
		{[]string{"-out", t.TempDir(), "-hidden", "30", "-heads", "4"}, true, "num_attention_heads"},
		{[]string{"-out", t.TempDir(), "-vocab", "0"}, true, "vocab_size"},
		{[]string{"-out", t.TempDir(), "-std", "NaN", "-vocab", "10", "-hidden", "4", "-heads", "1", "-layers", "1", "-intermediate", "4"}, true, "-std"},
		{[]string{"-nope"}, true, "not defined"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(tt.args, &stdout, &stderr)
		var u usageError
		if err == nil || errors.As(err, &u) != tt.usage || !strings.Contains(err.Error()+stderr.String(), tt.want) {
			t.Errorf("run(%q) = %v (stderr %q); want usage=%v mentioning %q", tt.args, err, stderr.String(), tt.usage, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	if got := Tokens(7); strings.Join(got, " ") != "[PAD] [UNK] [CLS] [SEP] [MASK] 王 女" {
		t.Errorf("Tokens(7) = %q", got)
	}
	got := Tokens(len(realTokens) + 9)
	if tail := strings.Join(got[len(got)-4:], " "); tail != "w0 ##w0 w1 ##w1" {
		t.Errorf("synthetic tail %q", tail)
	}
}
