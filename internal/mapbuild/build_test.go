package mapbuild

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// Build reads the file meta.json names for the kind, not <kind>.npy.
func TestBuildUsesMetaFileNames(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, vecdir.VocabFile), []byte("[UNK]\n[CLS]\n[SEP]\n犬\n猫\n鳥\n"), 0o644)
	data := []float32{0, 0, 1, 0, 0, 2, 1, 1, 0, 3, 0, 1, 0, 2, 2, 5, 1, 0}
	if err := npy.Write(filepath.Join(dir, "renamed.npy"), 6, 3, data); err != nil {
		t.Fatal(err)
	}
	meta := `{"vocab":"vocab.txt","format":"npy","kinds":{"static":{"file":"renamed.npy","shape":[6,3]}}}`
	os.WriteFile(filepath.Join(dir, vecdir.MetaFile), []byte(meta), 0o644)
	out := filepath.Join(t.TempDir(), "map.html")
	sum, err := Build(Options{Vectors: dir, Kind: vecdir.Static, Select: Selection{By: ByFirst, First: 6}, Layout: PCA, Out: out})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if sum.Tokens != 6 {
		t.Fatalf("drew %d tokens, want 6", sum.Tokens)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("no map written: %v", err)
	}
}
