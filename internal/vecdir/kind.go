package vecdir

import (
	"errors"
	"fmt"
)

// Names of the files every vectors directory has besides the .npy files.
const (
	// VocabFile holds the tokens, line i for id i.
	VocabFile = "vocab.txt"
	// MetaFile describes the run that wrote the directory.
	MetaFile = "meta.json"
)

// ErrKind reports a kind name other than static or dynamic.
var ErrKind = errors.New("unknown kind")

// Kind is one sort of vector in a vectors directory.
type Kind uint8

const (
	// Static is the input embedding row of an id
	// (embeddings.word_embeddings.weight), copied, not computed.
	Static Kind = iota + 1
	// Dynamic is the chosen layer's output at position 1 of [CLS] id [SEP].
	Dynamic
)

// AllKinds lists every kind in canonical order (the order extract
// processes them).
var AllKinds = []Kind{Static, Dynamic}

// String returns the kind's name as it appears in flags, file names and
// meta.json.
func (k Kind) String() string {
	switch k {
	case Static:
		return "static"
	case Dynamic:
		return "dynamic"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// File is the name of the kind's .npy file in a vectors directory.
func (k Kind) File() string { return k.String() + ".npy" }

// Context describes what a row of the kind is, for meta.json.
func (k Kind) Context() string {
	if k == Static {
		return "embeddings.word_embeddings.weight"
	}
	return "[CLS] {id} [SEP]"
}

// Valid reports whether k is Static or Dynamic.
func (k Kind) Valid() bool { return k == Static || k == Dynamic }

// ParseKind parses "static" or "dynamic"; other names wrap ErrKind.
func ParseKind(s string) (Kind, error) {
	for _, k := range AllKinds {
		if s == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w %q (want static or dynamic)", ErrKind, s)
}
