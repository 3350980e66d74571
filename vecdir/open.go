package vecdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vocab"
)

// ErrVectors reports a vectors directory that is missing or whose files
// do not agree with each other.
var ErrVectors = errors.New("bad vectors directory")

// MissingKindError reports a kind the directory does not have. It wraps
// ErrVectors and lists the kinds the directory does have, so that a
// caller can suggest one.
type MissingKindError struct {
	Dir  string
	Kind Kind
	Have []Kind
}

func (e *MissingKindError) Error() string {
	have := "none"
	if len(e.Have) > 0 {
		have = strings.Join(Names(e.Have), ", ")
	}
	return fmt.Sprintf("no %s vectors in %s (it has: %s)", e.Kind, e.Dir, have)
}

// Unwrap makes errors.Is(err, ErrVectors) true.
func (e *MissingKindError) Unwrap() error { return ErrVectors }

// Vectors is one kind of a vectors directory, opened: the vocabulary that
// names the rows, the memory-mapped [V, H] float32 matrix, and meta.json.
type Vectors struct {
	// Dir and Kind are what Open was given.
	Dir  string
	Kind Kind
	// Vocab names the rows: row i is token i.
	Vocab *vocab.Vocab
	// Meta is meta.json; nil for a directory without one.
	Meta *Meta
	// Rows (= Vocab.Len()) and Cols are the matrix's shape.
	Rows, Cols int
	mat        *npy.Matrix
}

// Row returns row i. It aliases the read-only mapping: do not modify it,
// and do not use it after Close.
func (v *Vectors) Row(i int) []float32 { return v.mat.Row(i) }

// Close unmaps the matrix; every Row becomes invalid.
func (v *Vectors) Close() error { return v.mat.Close() }

// Open opens the kind's vectors in dir. File names come from meta.json
// when the directory has one (a directory without it, e.g. one made by
// hand, uses the standard names). It checks that every file is a regular
// file, that the .npy is a 2-D float32 matrix with one row per vocabulary
// line, and that meta.json's shape agrees. A kind the directory lacks is a
// *MissingKindError.
func Open(dir string, kind Kind) (*Vectors, error) {
	if !kind.Valid() {
		return nil, fmt.Errorf("%w %v", ErrKind, kind)
	}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVectors, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a directory", ErrVectors, dir)
	}
	m, err := ReadMeta(dir)
	if errors.Is(err, fs.ErrNotExist) {
		m, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVectors, err)
	}
	file, vocabFile := kind.File(), VocabFile
	var wantShape [2]int
	if m != nil {
		vocabFile = m.Vocab
		km := m.Kind(kind)
		if km == nil {
			return nil, &MissingKindError{Dir: dir, Kind: kind, Have: m.KindList()}
		}
		file, wantShape = km.File, km.Shape
	}
	v := &Vectors{Dir: dir, Kind: kind, Meta: m}
	if v.Vocab, err = loadVocab(filepath.Join(dir, vocabFile)); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVectors, err)
	}
	path := filepath.Join(dir, file)
	if err := CheckRegular(path); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVectors, err)
	}
	v.mat, err = npy.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		have, _ := Kinds(dir)
		return nil, &MissingKindError{Dir: dir, Kind: kind, Have: have}
	} else if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVectors, err)
	}
	v.Rows, v.Cols = v.mat.Rows, v.mat.Cols
	switch {
	case v.Rows != v.Vocab.Len():
		err = fmt.Errorf("%w: %s has %d rows but %s has %d tokens", ErrVectors, path, v.Rows, vocabFile, v.Vocab.Len())
	case v.Cols == 0:
		err = fmt.Errorf("%w: %s has zero-width rows", ErrVectors, path)
	case wantShape != [2]int{} && wantShape != [2]int{v.Rows, v.Cols}:
		err = fmt.Errorf("%w: %s is (%d, %d) but %s says (%d, %d)", ErrVectors, path, v.Rows, v.Cols, MetaFile, wantShape[0], wantShape[1])
	}
	if err != nil {
		v.mat.Close()
		return nil, err
	}
	return v, nil
}

func loadVocab(path string) (*vocab.Vocab, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	voc, err := vocab.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return voc, nil
}

// Kinds lists the kinds dir holds, in canonical order: those meta.json
// lists, or for a directory without meta.json, those whose <kind>.npy is
// there.
func Kinds(dir string) ([]Kind, error) {
	m, err := ReadMeta(dir)
	if err == nil {
		return m.KindList(), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var ks []Kind
	for _, e := range entries {
		stem, ok := strings.CutSuffix(e.Name(), ".npy")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if k, err := ParseKind(stem); err == nil {
			ks = append(ks, k)
		}
	}
	SortKinds(ks)
	return ks, nil
}
