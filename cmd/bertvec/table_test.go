package main

import (
	"strings"
	"testing"

	"github.com/bertvec/bertvec/search"
)

func TestWriteResults(t *testing.T) {
	var b strings.Builder
	err := writeResults(&b, []search.Result{
		{Rank: 1, ID: 86, Token: "王", Distance: 0, Cosine: 1},
		{Rank: 2, ID: 120, Token: "女王国", Distance: 12.34567, Cosine: -0.5},
		{Rank: 3, ID: 7, Token: "ab", Distance: 3, Cosine: 0.25},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "" +
		"rank  token       id    distance   cosine\n" +
		"   1  王          86      0.0000   1.0000\n" +
		"   2  女王国     120     12.3457  -0.5000\n" +
		"   3  ab           7      3.0000   0.2500\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	b.Reset()
	if err := writeResults(&b, nil); err != nil || b.String() != "rank  token      id    distance   cosine\n" {
		t.Errorf("no results: %q, %v", b.String(), err)
	}
}

// The search package names no flags; the CLI adds the way out.
func TestZeroQueryHint(t *testing.T) {
	code, _, stderr := bertvec(t, "analogy", "--vectors", tinyVectors(t), "--metric", "cosine", "王 - 王")
	if code != 1 || !strings.Contains(stderr, "cosine similarity is undefined (try --metric l2)") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := bertvec(t, "analogy", "--vectors", tinyVectors(t), "--metric", "l2", "王 - 王"); code != 0 {
		t.Fatalf("l2: exit %d, stderr %q", code, stderr)
	}
}
