package genckpt

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
)

var small = Spec{Vocab: 300, Hidden: 32, Layers: 2, Heads: 4, Intermediate: 64, Positions: 16, Std: 0.02, Seed: 1}

func generate(t *testing.T, s Spec) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ckpt")
	if err := Generate(dir, s); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir
}

func TestGenerateErrors(t *testing.T) {
	bad := []Spec{{}, small, small, small}
	bad[1].Heads = 5
	bad[2].Std = math.NaN()
	bad[3].Vocab = 0
	for _, s := range bad {
		if err := Generate(filepath.Join(t.TempDir(), "x"), s); !errors.Is(err, ErrSpec) {
			t.Errorf("Generate(%+v) = %v, want ErrSpec", s, err)
		}
	}
}

func TestBERTBase(t *testing.T) {
	if p := BERTBase().Params(); p != 110_026_752 {
		t.Errorf("BERTBase has %d parameters, want 110,026,752 (bert-base without the pooler, 32k vocabulary, 2 token types)", p)
	}
}

func TestGenerateValues(t *testing.T) {
	dir := generate(t, small)
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
	seed2 := small
	seed2.Seed = 2
	a, b, c := generate(t, small), generate(t, small), generate(t, seed2)
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

func TestTokens(t *testing.T) {
	if got := Tokens(7); strings.Join(got, " ") != "[PAD] [UNK] [CLS] [SEP] [MASK] 王 女" {
		t.Errorf("Tokens(7) = %q", got)
	}
	got := Tokens(len(realTokens) + 9)
	if tail := strings.Join(got[len(got)-4:], " "); tail != "w0 ##w0 w1 ##w1" {
		t.Errorf("synthetic tail %q", tail)
	}
}
