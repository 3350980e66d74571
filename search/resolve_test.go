package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/vecdir"
)

// tinyWithTokenizer is tinyVectors with the tokenizer settings extract
// copies: here BertTokenizer, cased, which spaces out CJK ideographs.
func tinyWithTokenizer(t *testing.T) *Store {
	t.Helper()
	dir := tinyVectors(t)
	meta := `{"vocab": "vocab.txt", "format": "npy", "kinds": {
  "static": {"file": "static.npy", "shape": [417, 64], "dtype": "<f4"}},
  "tokenizer": {"class": "BertTokenizer", "files": ["tokenizer_config.json"]}}`
	for name, body := range map[string]string{vecdir.MetaFile: meta, vecdir.TokenizerConfigFile: `{"do_lower_case": false}`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir, vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestResolveTokenizer: a word that is not a vocabulary entry is
// tokenized as the model would (男 / 女: two words), not WordPiece-split
// as one word (男 ##女).
func TestResolveTokenizer(t *testing.T) {
	s := tinyWithTokenizer(t)
	r, err := s.Resolve("男女")
	if err != nil {
		t.Fatal(err)
	}
	wantMeanOf(t, s, r, "男", "女")
	if n := r.Note(s.Vocab()); !strings.Contains(n, "男 女") || !strings.Contains(n, "tokenizer") {
		t.Errorf("Note = %q", n)
	}
	// Without tokenizer settings the same word is WordPiece-split.
	old := openTiny(t, vecdir.Static)
	r, err = old.Resolve("男女")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.IDs) != 2 || r.Pieces[1] != "##女" {
		t.Errorf("without settings: %v %q, want 男 ##女", r.IDs, r.Pieces)
	}
	if _, err := s.Resolve("男 犬xyz"); err == nil || !strings.Contains(err.Error(), "[UNK]") {
		t.Errorf("a word with an [UNK] token: %v", err)
	}
}
