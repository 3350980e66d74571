package pipeline

import (
	"fmt"
	"strings"

	"github.com/bertvec/bertvec/internal/vecdir"
)

// Kind is one sort of vector the pipeline extracts. It is vecdir.Kind, the
// vocabulary shared with the readers of the out dir.
type Kind = vecdir.Kind

const (
	// Static is the input embedding row of an id
	// (embeddings.word_embeddings.weight), copied, not computed.
	Static = vecdir.Static
	// Dynamic is the chosen layer's output at position 1 of [CLS] id [SEP].
	Dynamic = vecdir.Dynamic
)

// AllKinds lists every kind in the order Extract processes them.
var AllKinds = vecdir.AllKinds

// ParseKind parses "static" or "dynamic"; other names wrap ErrUnknownKind.
func ParseKind(s string) (Kind, error) { return vecdir.ParseKind(s) }

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
