package mapview

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/atomicfile"
)

// WriteFile writes path through write so that it appears complete or not
// at all (see internal/atomicfile).
func WriteFile(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, write)
}

// CheckWritable fails early, before minutes of work, when path cannot be
// written: its directory is missing or read-only, or path is a directory.
func CheckWritable(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("write %s: is a directory", path)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".bertvec-check-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
