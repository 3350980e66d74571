package main

import (
	"bufio"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

type normOut struct {
	Word string  `json:"word"`
	Kind string  `json:"kind"`
	IDs  []int   `json:"ids"`
	Norm float64 `json:"norm"`
}

// The norms equal those of the reference (numpy, float64) to 1e-12.
func TestNormsMatchReference(t *testing.T) {
	dir := tinyVectors(t)
	var ref map[string]json.RawMessage
	readReference(t, &ref)
	for _, kind := range []string{"static", "dynamic"} {
		var k struct {
			Norms map[string]float64 `json:"norms"`
		}
		if err := json.Unmarshal(ref[kind], &k); err != nil {
			t.Fatal(err)
		}
		want := k.Norms
		if len(want) == 0 {
			t.Fatalf("no reference norms for %s", kind)
		}
		var words []string
		for w := range want {
			words = append(words, w)
		}
		slices.Sort(words)
		code, out, errOut := bertvec(t, append([]string{"norms", "--vectors", dir, "--kind", kind, "--json"}, words...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		n := 0
		for sc.Scan() {
			var o normOut
			if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
				t.Fatal(err)
			}
			if o.Word != words[n] || o.Kind != kind || len(o.IDs) != 1 || math.Abs(o.Norm-want[o.Word]) > 1e-12*want[o.Word] {
				t.Errorf("%s: %+v, want norm %v", kind, o, want[o.Word])
			}
			n++
		}
		if n != len(words) {
			t.Errorf("%s: %d lines for %d words", kind, n, len(words))
		}
	}
	code, out, errOut := bertvec(t, "norms", "--vectors", dir, "王", "女王国")
	if code != 0 || !strings.Contains(errOut, "女王 ##国") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	searchGoldenFile(t, "norms-static.txt", out)
}
