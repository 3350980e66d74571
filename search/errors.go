package search

import "errors"

// Sentinel errors; returned errors wrap one of them with context.
var (
	// ErrMetric reports an unknown --metric.
	ErrMetric = errors.New("unknown metric")
	// ErrObjective reports an unknown analogy objective (add or mul).
	ErrObjective = errors.New("unknown method")
	// ErrExpression reports an expression that does not parse.
	ErrExpression = errors.New("bad expression")
	// ErrWord reports a query word that has no vector.
	ErrWord = errors.New("unknown word")
	// ErrK reports k outside 1..V.
	ErrK = errors.New("bad k")
	// ErrQuery reports a query vector search cannot use (wrong length,
	// zero vector for cosine, NaN).
	ErrQuery = errors.New("bad query vector")
	// ErrZeroQuery reports a zero query vector under the cosine metric,
	// where the ranking is undefined (returned wrapped with ErrQuery; the
	// L2 metric ranks it).
	ErrZeroQuery = errors.New("the query vector is zero, so cosine similarity is undefined")
	// ErrOOV reports an unknown out-of-vocabulary policy (skip or pieces).
	ErrOOV = errors.New("unknown oov policy")
	// ErrEval reports a malformed analogy questions file.
	ErrEval = errors.New("bad questions file")
)
