package vecdir

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/filehash"
	"github.com/bertvec/bertvec/internal/npy"
)

// ErrChecksum reports a file whose sha256 is not the one meta.json
// recorded: it was replaced or damaged after the run that wrote it.
var ErrChecksum = errors.New("checksum mismatch")

// FileSHA256 returns the hex sha256 of a regular file of a vectors
// directory, refusing links and pipes (see OpenRegular).
func FileSHA256(path string) (string, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum, err := filehash.Sum(f)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return sum, nil
}

// VerifyKind checks one kind's entry against its file: a regular file
// whose sha256 is km.SHA256 and whose .npy header has km.Shape. A
// mismatch wraps ErrChecksum (or ErrVectors for the shape). The file is
// opened and read once: the header is checked on the file just hashed
// (npy.Stat), not by opening it as a matrix, which would read it all again.
func VerifyKind(dir string, km *KindMeta) error {
	path := filepath.Join(dir, km.File)
	f, err := OpenRegular(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sum, err := filehash.Sum(f)
	if err != nil {
		return fmt.Errorf("hash %s: %w", path, err)
	}
	if sum != km.SHA256 {
		return fmt.Errorf("%s: %w: sha256 %s, meta.json says %s", path, ErrChecksum, filehash.Short(sum), filehash.Short(km.SHA256))
	}
	info, err := npy.Stat(f)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrVectors, err)
	}
	if [2]int{info.Rows, info.Cols} != km.Shape {
		return fmt.Errorf("%w: %s is (%d, %d) but %s says (%d, %d)", ErrVectors, path, info.Rows, info.Cols, MetaFile, km.Shape[0], km.Shape[1])
	}
	return nil
}

// Verify checks every kind meta.json lists (see VerifyKind) and that the
// vocabulary has one line per row. It returns the kinds checked and the
// first problem found.
func Verify(dir string) ([]Kind, error) {
	m, err := ReadMeta(dir)
	if err != nil {
		return nil, err
	}
	kinds := m.KindList()
	if len(kinds) == 0 {
		return nil, fmt.Errorf("%w: %s lists no kinds", ErrMeta, filepath.Join(dir, MetaFile))
	}
	for _, k := range kinds {
		if err := VerifyKind(dir, m.Kind(k)); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	lines, err := countLines(filepath.Join(dir, m.Vocab))
	if err != nil {
		return nil, err
	}
	for _, k := range kinds {
		if rows := m.Kind(k).Shape[0]; rows != lines {
			return nil, fmt.Errorf("%w: %s has %d rows but %s has %d lines", ErrVectors, m.Kind(k).File, rows, m.Vocab, lines)
		}
	}
	return kinds, nil
}

// countLines counts the lines of a regular file.
func countLines(path string) (int, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, last := 0, byte('\n')
	buf := make([]byte, 1<<16)
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if k > 0 {
			last = buf[k-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
	}
	if last != '\n' {
		n++ // a last line without a newline
	}
	return n, nil
}
