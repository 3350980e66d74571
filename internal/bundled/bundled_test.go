package bundled

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The bundled copy must stay byte-identical to testdata/tiny-bert-ja, the
// checkpoint the conformance references were computed from.
func TestBundledMatchesTestdata(t *testing.T) {
	n := 0
	err := fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		got, err := fs.ReadFile(Files(), p)
		if err != nil {
			return err
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", Name, p))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from testdata/%s/%s", p, Name, p)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Fatalf("bundled %d files, want 4 (config.json, vocab.txt, tokenizer_config.json, model.safetensors)", n)
	}
}

func TestUnpack(t *testing.T) {
	dir, err := Unpack(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"config.json", "vocab.txt", "model.safetensors"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
