package search

import "fmt"

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

// Objective is how Eval answers a : b = c : ? (the CLI's --method).
type Objective uint8

const (
	// Add is 3CosAdd: the word most cosine-similar to b - a + c.
	Add Objective = iota
	// Mul is 3CosMul (Levy & Goldberg), as gensim's most_similar_cosmul.
	Mul
)

func (m Objective) String() string {
	switch m {
	case Add:
		return "add"
	case Mul:
		return "mul"
	}
	return fmt.Sprintf("Objective(%d)", uint8(m))
}

// ParseObjective parses "add" or "mul".
func ParseObjective(s string) (Objective, error) {
	switch s {
	case "add":
		return Add, nil
	case "mul":
		return Mul, nil
	}
	return 0, fmt.Errorf("%w %q (want add or mul)", ErrObjective, s)
}
