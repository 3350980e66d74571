package search

import "fmt"

// Kind selects which vectors of a vectors directory to search.
type Kind uint8

const (
	// Static vectors are the input embedding rows.
	Static Kind = iota + 1
	// Dynamic vectors are the last layer's output for [CLS] id [SEP].
	Dynamic
)

func (k Kind) String() string {
	switch k {
	case Static:
		return "static"
	case Dynamic:
		return "dynamic"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// File is the kind's .npy file name in a vectors directory.
func (k Kind) File() string { return k.String() + ".npy" }

// ParseKind parses "static" or "dynamic".
func ParseKind(s string) (Kind, error) {
	switch s {
	case "static":
		return Static, nil
	case "dynamic":
		return Dynamic, nil
	}
	return 0, fmt.Errorf("%w %q (want static or dynamic)", ErrKind, s)
}

// Metric is how neighbours are ranked.
type Metric uint8

const (
	// L2 ranks by squared Euclidean distance, ascending (faiss IndexFlatL2).
	L2 Metric = iota
	// Cosine ranks by cosine similarity, descending (gensim most_similar).
	Cosine
)

func (m Metric) String() string {
	switch m {
	case L2:
		return "l2"
	case Cosine:
		return "cosine"
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

// ParseMetric parses "l2" or "cosine".
func ParseMetric(s string) (Metric, error) {
	switch s {
	case "l2":
		return L2, nil
	case "cosine":
		return Cosine, nil
	}
	return 0, fmt.Errorf("%w %q (want l2 or cosine)", ErrMetric, s)
}

// Method is how Eval answers a : b = c : ?.
type Method uint8

const (
	// Add is 3CosAdd: the word most cosine-similar to b - a + c.
	Add Method = iota
	// Mul is 3CosMul (Levy & Goldberg), as gensim's most_similar_cosmul.
	Mul
)

func (m Method) String() string {
	switch m {
	case Add:
		return "add"
	case Mul:
		return "mul"
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// ParseMethod parses "add" or "mul".
func ParseMethod(s string) (Method, error) {
	switch s {
	case "add":
		return Add, nil
	case "mul":
		return Mul, nil
	}
	return 0, fmt.Errorf("%w %q (want add or mul)", ErrMethod, s)
}
