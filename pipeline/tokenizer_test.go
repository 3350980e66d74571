package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// TestExtractTokenizerFiles: the tokenizer files land in the vectors
// directory as given and meta.json names the class; --force removes them.
func TestExtractTokenizerFiles(t *testing.T) {
	dir := t.TempDir()
	f := pipelinetest.NewFake(20, 4)
	o := fakeOptions(dir, f, 6, 2)
	cfg := []byte(`{"word_tokenizer_type": "mecab"}`)
	o.TokenizerFiles = map[string][]byte{vecdir.TokenizerConfigFile: cfg}
	o.Model.Tokenizer = &vecdir.TokenizerMeta{Class: "BertJapaneseTokenizer", Files: []string{vecdir.TokenizerConfigFile}}
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, vecdir.TokenizerConfigFile)); string(got) != string(cfg) {
		t.Errorf("%s = %q, want %q", vecdir.TokenizerConfigFile, got, cfg)
	}
	if exists(filepath.Join(dir, vecdir.SpecialTokensFile)) {
		t.Errorf("%s written though the model has none", vecdir.SpecialTokensFile)
	}
	var m vecdir.Meta
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, vecdir.MetaFile)), &m); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Tokenizer, o.Model.Tokenizer) {
		t.Errorf("meta.json tokenizer = %+v, want %+v", m.Tokenizer, o.Model.Tokenizer)
	}
	// A forced run of a model without tokenizer files leaves none behind.
	o2 := fakeOptions(dir, pipelinetest.NewFake(20, 4), 6, 2)
	o2.Force = true
	if _, err := Extract(context.Background(), o2); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, vecdir.TokenizerConfigFile)); !os.IsNotExist(err) {
		t.Errorf("--force kept the old %s: %v", vecdir.TokenizerConfigFile, err)
	}
}
