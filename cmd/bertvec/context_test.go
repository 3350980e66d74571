//go:build cgo && !nolibtorch

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

const contextRef = "../../testdata/context"

var refCorpus = filepath.Join(contextRef, "corpus.txt")

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := bertvec(t, args...)
	if code != 0 {
		t.Fatalf("bertvec %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func readCounts(t *testing.T, path string) []int64 {
	t.Helper()
	c, err := npy.ReadInt64(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func maxDiffFiles(t *testing.T, a, b string) float64 {
	t.Helper()
	x, y := openNPY(t, a), openNPY(t, b)
	worst := 0.0
	for i := range x.Data {
		worst = max(worst, math.Abs(float64(x.Data[i]-y.Data[i])))
	}
	return worst
}

// The acceptance test: the real tokenizer (MeCab) and the batched forward
// reproduce transformers' corpus-pooled vectors of every layer, and the
// counts and corpus figures exactly.
func TestExtractContextMatchesTransformers(t *testing.T) {
	out := t.TempDir()
	runOK(t, "extract", "--model", tinyModel, "--out", out, "--kinds", "context", "--layers", "0,1,2", "--corpus", refCorpus, "--batch-tokens", "300")
	if got, want := readCounts(t, filepath.Join(out, "context_count.npy")), readCounts(t, filepath.Join(contextRef, "context_count.npy")); !reflect.DeepEqual(got, want) {
		t.Fatal("counts differ from transformers' (tokenization or windows differ)")
	}
	for l := range 3 {
		name := fmt.Sprintf("context_L%d.npy", l)
		if d := maxDiffFiles(t, filepath.Join(out, name), filepath.Join(contextRef, name)); d > 1e-5 {
			t.Errorf("%s differs from transformers' by %g", name, d)
		}
	}
	var summary struct {
		Lines, Windows, Tokens int64
		NeverSeen              int `json:"never_seen"`
	}
	b, _ := os.ReadFile(filepath.Join(contextRef, "summary.json"))
	if err := json.Unmarshal(b, &summary); err != nil {
		t.Fatal(err)
	}
	m, err := vecdir.ReadMeta(out)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Kind(vecdir.ContextLayer(2)).Corpus
	if c.Lines != summary.Lines || c.Windows != summary.Windows || c.Tokens != summary.Tokens || c.NeverSeen != summary.NeverSeen || c.Window != 62 {
		t.Errorf("meta corpus %+v, transformers' run %+v", c, summary)
	}
	// --layer picks one layer and writes "context".
	one := t.TempDir()
	runOK(t, "extract", "--model", tinyModel, "--out", one, "--kinds", "static,context", "--layer", "1", "--corpus", refCorpus)
	if d := maxDiffFiles(t, filepath.Join(one, "context.npy"), filepath.Join(contextRef, "context_L1.npy")); d > 1e-5 {
		t.Errorf("--layer 1: differs from transformers' layer 1 by %g", d)
	}
	code, table, _ := bertvec(t, "eval", "--vectors", out, "--kind", "context_L0,context_L2", "../../testdata/jbats")
	if code != 0 || !strings.Contains(table, "context_L2") {
		t.Errorf("eval over context layers: exit %d\n%s", code, table)
	}
}

// Three shards (one through SLURM_ARRAY_TASK_ID) merged equal a single
// run: identical counts, vectors within 1e-6.
func TestShardsMergeCLI(t *testing.T) {
	single := t.TempDir()
	runOK(t, "extract", "--model", tinyModel, "--out", single, "--kinds", "context", "--corpus", refCorpus)
	var shards []string
	for i := range 3 {
		d := t.TempDir()
		spec := fmt.Sprintf("%d/3", i)
		if i == 1 {
			t.Setenv("SLURM_ARRAY_TASK_ID", "1")
			spec = "auto/3"
		}
		runOK(t, "extract", "--model", tinyModel, "--out", d, "--kinds", "context", "--corpus", refCorpus, "--shard", spec)
		shards = append(shards, d)
	}
	merged := filepath.Join(t.TempDir(), "merged")
	runOK(t, append([]string{"merge", "--out", merged}, shards...)...)
	if !reflect.DeepEqual(readCounts(t, filepath.Join(single, "context_count.npy")), readCounts(t, filepath.Join(merged, "context_count.npy"))) {
		t.Error("merged counts differ")
	}
	if d := maxDiffFiles(t, filepath.Join(single, "context.npy"), filepath.Join(merged, "context.npy")); d > 1e-6 {
		t.Errorf("merged vectors differ by %g", d)
	}
	code, _, errOut := bertvec(t, "merge", "--out", filepath.Join(t.TempDir(), "m"), shards[0], shards[2])
	if code == 0 || !strings.Contains(errOut, "shard 1 of 3 is missing") {
		t.Errorf("merge without shard 1: exit %d: %s", code, errOut)
	}
}

func TestExtractContextBadInput(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.txt")
	os.WriteFile(bad, []byte("吾輩は猫である。\n\xff\xfe\n"), 0o644)
	empty := filepath.Join(tmp, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	for name, tc := range map[string]struct {
		args []string
		says string
	}{
		"invalid UTF-8": {[]string{"--corpus", bad}, "line 2 is not valid UTF-8"},
		"empty":         {[]string{"--corpus", empty}, "empty corpus"},
		"directory":     {[]string{"--corpus", tmp}, "directory"},
		"no corpus":     {nil, "--corpus"},
		"bad shard":     {[]string{"--corpus", bad, "--shard", "3/3"}, "--shard"},
		"layer too big": {[]string{"--corpus", bad, "--layers", "0,7"}, "layer 7"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		args := append([]string{"extract", "--model", tinyModel, "--out", out, "--kinds", "context"}, tc.args...)
		code, _, errOut := bertvec(t, args...)
		if code == 0 || !strings.Contains(errOut, tc.says) || strings.Count(strings.TrimSpace(errOut), "\n") > 2 {
			t.Errorf("%s: exit %d, stderr %q; want one error mentioning %q", name, code, errOut, tc.says)
		}
		if _, err := os.Stat(filepath.Join(out, "meta.json")); err == nil {
			t.Errorf("%s: meta.json written", name)
		}
	}
}

// Static and dynamic shards by id ranges, merged, are a single run's files
// byte for byte (the real forward: every batch holds the same ids).
func TestIDShardsMergeCLI(t *testing.T) {
	single := t.TempDir()
	runOK(t, "extract", "--model", tinyModel, "--out", single, "--batch", "64")
	var shards []string
	for i := range 3 {
		d := t.TempDir()
		runOK(t, "extract", "--model", tinyModel, "--out", d, "--batch", "64", "--shard", fmt.Sprintf("%d/3", i))
		shards = append(shards, d)
	}
	merged := filepath.Join(t.TempDir(), "merged")
	runOK(t, append([]string{"merge", "--out", merged}, shards...)...)
	for _, name := range []string{"static.npy", "dynamic.npy", "vocab.txt"} {
		a, _ := os.ReadFile(filepath.Join(single, name))
		b, err := os.ReadFile(filepath.Join(merged, name))
		if err != nil || len(a) == 0 || string(a) != string(b) {
			t.Errorf("merged %s differs from the single run's (%v)", name, err)
		}
	}
	code, _, errOut := bertvec(t, "extract", "--model", tinyModel, "--out", t.TempDir(), "--kinds", "dynamic,context", "--corpus", refCorpus, "--shard", "0/2")
	if code != 2 || !strings.Contains(errOut, "separate runs") {
		t.Errorf("mixed shard: exit %d %s", code, errOut)
	}
}
