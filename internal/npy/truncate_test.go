package npy

import (
	"os"
	"path/filepath"
	"testing"
)

// Issue 13, item 11: analogy, eval and map died with SIGBUS when the .npy
// they had open was truncated; the matrix now stays readable and whole.
func TestOpenSurvivesTruncation(t *testing.T) {
	rows, cols := 300, 64
	data := make([]float32, rows*cols)
	for i := range data {
		data[i] = float32(i)
	}
	path := filepath.Join(t.TempDir(), "dynamic.npy")
	if err := Write(path, rows, cols, data); err != nil {
		t.Fatal(err)
	}
	m, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := os.Truncate(path, 128); err != nil {
		t.Fatal(err)
	}
	for i, v := range m.Data {
		if v != float32(i) {
			t.Fatalf("element %d = %v after truncation, want %v", i, v, float32(i))
		}
	}
}
