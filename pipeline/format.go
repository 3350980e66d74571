package pipeline

import "fmt"

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
