// Package bundled carries the default model inside the binary: the tiny
// random-weight Japanese BERT of testdata/tiny-bert-ja (safetensors only),
// so that `bertvec extract` works with no download. Its weights are random:
// it shows the mechanics, not what BERT has learned.
package bundled

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Name is the bundled model's name, as --model accepts it.
const Name = "tiny-bert-ja"

//go:embed tiny-bert-ja
var files embed.FS

// Files returns the bundled checkpoint directory's files.
func Files() fs.FS {
	sub, err := fs.Sub(files, Name)
	if err != nil { // cannot happen: the directory is embedded above
		panic(err)
	}
	return sub
}

// Unpack writes the bundled checkpoint into a new directory under parent
// ("" for the system temp dir) and returns its path; the caller removes it.
func Unpack(parent string) (string, error) {
	dir, err := os.MkdirTemp(parent, "bertvec-"+Name+"-")
	if err != nil {
		return "", fmt.Errorf("unpack bundled model: %w", err)
	}
	dst := filepath.Join(dir, Name)
	if err := os.CopyFS(dst, Files()); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("unpack bundled model: %w", err)
	}
	return dst, nil
}
