package mmapfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestMap(t *testing.T) {
	want := bytes.Repeat([]byte("bertvec\x00\xff"), 10000) // spans several pages
	path := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, size := range []int{len(want), 1, 4096} {
		b, unmap, err := Map(f, size)
		if err != nil {
			t.Fatalf("Map(%d): %v", size, err)
		}
		if !bytes.Equal(b, want[:size]) {
			t.Errorf("Map(%d) returned other bytes than the file's", size)
		}
		if err := unmap(); err != nil {
			t.Errorf("unmap after Map(%d): %v", size, err)
		}
	}
}

func TestMapClosedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(path, []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, _, err := Map(f, 4); err == nil {
		t.Error("Map of a closed file succeeded")
	}
}
