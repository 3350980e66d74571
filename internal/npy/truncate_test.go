package npy

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/bertvec/bertvec/internal/regfile"
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

// A named pipe in place of a .npy is refused at once instead of hanging.
func TestOpenPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "static.npy")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); !errors.Is(err, regfile.ErrNotRegular) {
		t.Fatalf("err = %v", err)
	}
	if _, err := ReadInt64(path); !errors.Is(err, regfile.ErrNotRegular) || !errors.Is(err, ErrNotNPY) {
		t.Fatalf("ReadInt64: err = %v", err)
	}
	if _, _, _, err := ReadFloat64(path); !errors.Is(err, regfile.ErrNotRegular) || !errors.Is(err, ErrNotNPY) {
		t.Fatalf("ReadFloat64: err = %v", err)
	}
}
