package mmapfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Issue 13, item 11: a file truncated by another process while its bytes
// were in use killed the reader with SIGBUS. Map's view stays whole.
func TestTruncatedWhileMapped(t *testing.T) {
	want := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 16 pages
	path := filepath.Join(t.TempDir(), "dynamic.npy")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, release, err := Map(f, len(want))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if err := os.Truncate(path, 100); err != nil { // what `: > dynamic.npy` or a crashed writer does
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) { // touching the pages past byte 100 was SIGBUS
		t.Fatal("the view changed under the reader")
	}
	// Opening the truncated file for its old size is an error, not a short view.
	if _, _, err := Map(f, len(want)); !errors.Is(err, ErrChanged) {
		t.Fatalf("Map of a file shorter than size: %v", err)
	}
}
