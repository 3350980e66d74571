package bundled

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
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

// Issue 13: every run unpacked into a new temporary directory, and kill -9
// leaked it. Dir uses one fixed place, reuses it, repairs it, and removes
// the leftovers of a killed unpack.
func TestDirFixedAndReused(t *testing.T) {
	parent := t.TempDir()
	a, err := Dir(parent)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Dir(parent)
	if err != nil || a != b {
		t.Fatalf("second call: %s, %v; first %s", b, err, a)
	}
	if !intact(a) {
		t.Fatal("unpacked files differ from the embedded ones")
	}
	// A damaged copy is replaced, not used.
	os.WriteFile(filepath.Join(a, "config.json"), []byte("{}"), 0o644)
	if c, err := Dir(parent); err != nil || c != a || !intact(c) {
		t.Fatalf("damaged copy: %s, %v, intact %v", c, err, intact(c))
	}
	// The leftover of a killed unpack goes; a fresh one (another process
	// unpacking now) stays.
	old := filepath.Join(parent, "bundled-x.tmp-1")
	fresh := filepath.Join(parent, "bundled-x.tmp-2")
	os.MkdirAll(old, 0o755)
	os.MkdirAll(fresh, 0o755)
	past := time.Now().Add(-time.Hour)
	os.Chtimes(old, past, past)
	if _, err := Dir(parent); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("stale %s kept", old)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh %s removed: %v", fresh, err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 { // bundled-<hash> and the fresh tmp
		t.Errorf("parent holds %d entries, want 2", len(entries))
	}
}
