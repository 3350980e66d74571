package vecdir

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrKind reports a kind name that is not a kind (see ParseKind).
var ErrKind = errors.New("unknown kind")

// MaxLayer is the largest layer a context kind can name. BERT-large has
// 24 layers; the bound keeps a hostile name from meaning anything.
const MaxLayer = 1023

// family is what a kind's row is computed from.
type family uint8

const (
	famStatic family = iota + 1
	famDynamic
	famContext
)

// Kind is one sort of vector in a vectors directory. It is comparable
// (use it as a map key) and its zero value is not a kind.
//
// A Kind is Static, Dynamic, Context (the context vectors of the run's
// layer) or ContextLayer(l) (the context vectors of hidden_states[l], for
// a run that writes several layers). Its name, String, is also the stem of
// its file names: "static", "dynamic", "context", "context_L4".
type Kind struct {
	fam   family
	layer uint16 // context only: 0 for Context, l+1 for ContextLayer(l)
}

var (
	// Static is the input embedding row of an id
	// (embeddings.word_embeddings.weight), copied, not computed.
	Static = Kind{fam: famStatic}
	// Dynamic is the chosen layer's output at position 1 of [CLS] id [SEP].
	Dynamic = Kind{fam: famDynamic}
	// Context is the mean of the chosen layer's output over every
	// occurrence of the id in a corpus.
	Context = Kind{fam: famContext}
)

// DefaultKinds are the kinds `bertvec extract` makes when none are named,
// in canonical order.
var DefaultKinds = []Kind{Static, Dynamic}

// ContextLayer is the context kind of hidden_states[l] (0 = embeddings
// output). It is not Valid when l is outside 0..MaxLayer.
func ContextLayer(l int) Kind {
	if l < 0 || l > MaxLayer {
		return Kind{}
	}
	return Kind{fam: famContext, layer: uint16(l + 1)}
}

// Valid reports whether k is a kind (not the zero value).
func (k Kind) Valid() bool {
	switch k.fam {
	case famStatic, famDynamic:
		return k.layer == 0
	case famContext:
		return k.layer <= MaxLayer+1
	}
	return false
}

// IsContext reports whether k is Context or a ContextLayer.
func (k Kind) IsContext() bool { return k.fam == famContext }

// Layer returns the layer a ContextLayer kind names; ok is false for
// every other kind (Context's layer is the run's, in meta.json).
func (k Kind) Layer() (layer int, ok bool) {
	if k.fam != famContext || k.layer == 0 {
		return 0, false
	}
	return int(k.layer) - 1, true
}

// String returns the kind's name as it appears in flags, file names and
// meta.json's "kinds".
func (k Kind) String() string {
	switch {
	case !k.Valid():
		return fmt.Sprintf("Kind(%d,%d)", k.fam, k.layer)
	case k == Static:
		return "static"
	case k == Dynamic:
		return "dynamic"
	case k == Context:
		return "context"
	}
	return "context_L" + strconv.Itoa(int(k.layer)-1)
}

// File is the name of the kind's .npy file: "<kind>.npy".
func (k Kind) File() string { return k.String() + ".npy" }

// Word2VecText and Word2VecBinary name the kind's word2vec files,
// "<kind>.w2v.txt" and "<kind>.w2v.bin".
func (k Kind) Word2VecText() string   { return k.String() + ".w2v.txt" }
func (k Kind) Word2VecBinary() string { return k.String() + ".w2v.bin" }

// AuxFile names a companion .npy of the kind, "<kind>_<part>.npy", such
// as context_count.npy (occurrences per id) or a shard's context_sum.npy.
// part must be a lower-case word (a-z); anything else gives "".
func (k Kind) AuxFile(part string) string {
	if part == "" || strings.TrimLeft(part, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	return k.String() + "_" + part + ".npy"
}

// Describe says what a row of the kind is, for meta.json's "context".
func (k Kind) Describe() string {
	switch k.fam {
	case famStatic:
		return "embeddings.word_embeddings.weight"
	case famDynamic:
		return "[CLS] {id} [SEP]"
	case famContext:
		return "mean over the id's occurrences in a corpus"
	}
	return ""
}

// Compare orders kinds canonically: static, dynamic, context, then the
// context layers by layer. It returns -1, 0 or +1.
func (k Kind) Compare(o Kind) int {
	return cmp.Compare(int(k.fam)<<16|int(k.layer), int(o.fam)<<16|int(o.layer))
}

// MarshalText writes the kind's name, so that a Kind is a JSON string.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w %v", ErrKind, k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText parses a kind's name (see ParseKind).
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParseKind parses a kind's name: "static", "dynamic", "context" or
// "context_L<n>" with n in 0..MaxLayer written without leading zeros.
// Exactly the names String returns parse, so a name has one spelling;
// anything else wraps ErrKind.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "static":
		return Static, nil
	case "dynamic":
		return Dynamic, nil
	case "context":
		return Context, nil
	}
	if n, ok := strings.CutPrefix(s, "context_L"); ok && n != "" && len(n) <= 4 &&
		strings.Trim(n, "0123456789") == "" && (n == "0" || n[0] != '0') {
		l, _ := strconv.Atoi(n)
		if k := ContextLayer(l); k.Valid() {
			return k, nil
		}
	}
	return Kind{}, fmt.Errorf("%w %q (want static, dynamic, context or context_L<layer>)", ErrKind, s)
}

// ParseKinds parses a comma-separated list such as "static,dynamic" and
// returns it in canonical order. Empty items, unknown and repeated kinds
// wrap ErrKind.
func ParseKinds(s string) ([]Kind, error) {
	var ks []Kind
	for _, part := range strings.Split(s, ",") {
		k, err := ParseKind(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		for _, x := range ks {
			if x == k {
				return nil, fmt.Errorf("%w: %s given twice", ErrKind, k)
			}
		}
		ks = append(ks, k)
	}
	SortKinds(ks)
	return ks, nil
}

// SortKinds sorts ks in canonical order (see Compare).
func SortKinds(ks []Kind) { slices.SortFunc(ks, Kind.Compare) }

// Names returns the kinds' names.
func Names(ks []Kind) []string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.String()
	}
	return names
}
