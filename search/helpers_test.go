package search

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// writeVectors writes a vectors directory with the given tokens and one
// [len(tokens), dim] matrix per kind, as `bertvec extract` lays it out.
func writeVectors(t testing.TB, tokens []string, dim int, kinds map[vecdir.Kind][]float32) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, vecdir.VocabFile), []byte(strings.Join(tokens, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for k, data := range kinds {
		if err := npy.Write(filepath.Join(dir, k.File()), len(tokens), dim, data); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// synthTokens returns n tokens: the BERT specials, then w0, w1, ...
func synthTokens(n int) []string {
	toks := []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}
	for i := len(toks); i < n; i++ {
		toks = append(toks, fmt.Sprintf("w%d", i))
	}
	return toks[:n]
}

// openSynth opens a store over data (rows × dim) with synthetic tokens.
func openSynth(t testing.TB, rows, dim int, data []float32) *Store {
	t.Helper()
	dir := writeVectors(t, synthTokens(rows), dim, map[vecdir.Kind][]float32{vecdir.Static: data})
	s, err := Open(dir, vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// gaussian returns n N(0,1) float32s.
func gaussian(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

// smallInts returns n integers in [-m, m] as float32: sums and squares are
// exact, so distances tie exactly and often.
func smallInts(rng *rand.Rand, n, m int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.IntN(2*m+1) - m)
	}
	return v
}

// withQuant runs f with the quantized paths forced on or off.
func withQuant(t testing.TB, on bool, f func()) {
	t.Helper()
	old := useQuant
	useQuant = on
	defer func() { useQuant = old }()
	f()
}
