package pipeline

import (
	"fmt"
	"strings"
)

// Kind is one sort of vector the pipeline extracts.
type Kind uint8

const (
	// Static is the input embedding row of an id
	// (embeddings.word_embeddings.weight), copied, not computed.
	Static Kind = iota + 1
	// Dynamic is the chosen layer's output at position 1 of [CLS] id [SEP].
	Dynamic
)

// AllKinds lists every kind in the order Extract processes them.
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

// File is the name of the kind's .npy file in the out dir.
func (k Kind) File() string { return k.String() + ".npy" }

// Context describes what a row of the kind is, for meta.json.
func (k Kind) Context() string {
	if k == Static {
		return "embeddings.word_embeddings.weight"
	}
	return "[CLS] {id} [SEP]"
}

func (k Kind) valid() bool { return k == Static || k == Dynamic }

// ParseKind parses "static" or "dynamic".
func ParseKind(s string) (Kind, error) {
	for _, k := range AllKinds {
		if s == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w %q (want static or dynamic)", ErrUnknownKind, s)
}

// ParseKinds parses a comma-separated list such as "static,dynamic" and
// returns it in canonical order (static first). Empty items, unknown and
// repeated kinds are errors.
func ParseKinds(s string) ([]Kind, error) {
	seen := map[Kind]bool{}
	for _, part := range strings.Split(s, ",") {
		k, err := ParseKind(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if seen[k] {
			return nil, fmt.Errorf("%w: %s given twice", ErrInvalidOptions, k)
		}
		seen[k] = true
	}
	return canonicalKinds(seen), nil
}

func canonicalKinds(set map[Kind]bool) []Kind {
	var ks []Kind
	for _, k := range AllKinds {
		if set[k] {
			ks = append(ks, k)
		}
	}
	return ks
}

func kindNames(ks []Kind) []string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.String()
	}
	return names
}

// Format selects the files written per kind.
type Format uint8

const (
	// FormatNPY writes <kind>.npy only.
	FormatNPY Format = iota
	// FormatWord2Vec writes <kind>.npy (search needs it) and, beside it,
	// gensim's text (<kind>.w2v.txt) and binary (<kind>.w2v.bin) formats.
	FormatWord2Vec
)

// String returns the format's flag name.
func (f Format) String() string {
	switch f {
	case FormatNPY:
		return "npy"
	case FormatWord2Vec:
		return "word2vec"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// ParseFormat parses "npy" or "word2vec".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "npy":
		return FormatNPY, nil
	case "word2vec":
		return FormatWord2Vec, nil
	}
	return 0, fmt.Errorf("%w %q (want npy or word2vec)", ErrUnknownFormat, s)
}
