package search

import (
	"math"

	"github.com/bertvec/bertvec/vecdir"
)

// The JSON answers of `bertvec analogy|neighbors|norms --json` and of
// `bertvec serve`'s API, one type each, shared by cmd/bertvec and serve so
// that the CLI and the API cannot drift apart. Field names are a contract.

// QueryAnswer is one expression's answer as `bertvec analogy --json` and
// --queries print it, one JSON object a line, and as /api/analogy returns
// it. A failed query in a batch has only Query and Error.
type QueryAnswer struct {
	Query   string   `json:"query"`
	Kind    string   `json:"kind,omitempty"`
	Metric  string   `json:"metric,omitempty"`
	Results []Result `json:"results,omitempty"`
	Error   string   `json:"error,omitempty"`
	// Notes are Answer.Notes (WordPiece fallbacks), for stderr, not JSON.
	Notes []string `json:"-"`
}

// NewQueryAnswer is the answer to query from a store of kind k.
func NewQueryAnswer(query string, k vecdir.Kind, m Metric, ans *Answer) QueryAnswer {
	return QueryAnswer{Query: query, Kind: k.String(), Metric: m.String(), Results: ans.Results, Notes: ans.Notes}
}

// NeighborAnswer is one word's neighbours (`bertvec neighbors --json`,
// /api/neighbors).
type NeighborAnswer struct {
	Word    string   `json:"word"`
	Kind    string   `json:"kind"`
	Metric  string   `json:"metric"`
	Results []Result `json:"results"`
}

// NormAnswer is one word's norm (`bertvec norms --json`, /api/norms): IDs
// is the word's id, or its WordPiece pieces' ids.
type NormAnswer struct {
	Word string  `json:"word"`
	Kind string  `json:"kind"`
	IDs  []int   `json:"ids"`
	Norm float64 `json:"norm"`
}

// NewNormAnswer is word's NormAnswer from its resolution r.
func NewNormAnswer(word string, k vecdir.Kind, r Resolved) NormAnswer {
	return NormAnswer{Word: word, Kind: k.String(), IDs: r.IDs, Norm: Norm(r.Vector)}
}

// Norm is v's Euclidean norm, summed in float64 so that a long or large
// vector does not lose digits (or overflow) in float32.
func Norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}
