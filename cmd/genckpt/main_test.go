package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model"
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
		{[]string{"-out", t.TempDir(), "-std", "NaN", "-vocab", "10", "-hidden", "4", "-heads", "1", "-layers", "1", "-intermediate", "4"}, true, "std"},
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
