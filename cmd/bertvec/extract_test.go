package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

func openNPY(t *testing.T, path string) *npy.Matrix {
	t.Helper()
	m, err := npy.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// extract end to end, as a user runs it: the files equal transformers'
// reference (static exactly, dynamic within 1e-5) and meta.json says what
// was done.
func TestExtractMatchesReference(t *testing.T) {
	for _, weights := range []string{"safetensors", "bin"} {
		t.Run(weights, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "vec")
			code, stdout, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--weights", weights, "--batch", "100", "--workers", "2", "--quiet")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if stdout != "" || stderr != "" { // --quiet leaves only errors
				t.Errorf("--quiet: stdout %q, stderr %q, want neither", stdout, stderr)
			}
			ref := filepath.Join(tinyModel, "reference")
			for kind, tol := range map[string]float64{"static": 0, "dynamic": 1e-5} {
				got, want := openNPY(t, filepath.Join(out, kind+".npy")), openNPY(t, filepath.Join(ref, kind+".npy"))
				for i := range want.Data {
					if d := math.Abs(float64(got.Data[i] - want.Data[i])); d > tol || math.IsNaN(d) {
						t.Fatalf("%s[%d]: got %g want %g", kind, i, got.Data[i], want.Data[i])
					}
				}
			}
			meta, err := vecdir.ReadMeta(out)
			if err != nil {
				t.Fatal(err)
			}
			if abs, _ := filepath.Abs(tinyModel); meta.Model.Dir != abs {
				t.Errorf("meta.json model dir %q, want the full path %q", meta.Model.Dir, abs)
			}
			if meta.Model.VocabSize != 417 || meta.Kinds["dynamic"].Layer == nil || *meta.Kinds["dynamic"].Layer != 2 || meta.Kinds["dynamic"].Batch != 100 {
				b, _ := json.Marshal(meta)
				t.Errorf("meta.json: %s", b)
			}
		})
	}
}

func TestExtractNeedsOut(t *testing.T) {
	if code, _, stderr := bertvec(t, "extract", "--model", tinyModel); code != 2 || !strings.Contains(stderr, "--out is required") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// Without --model, extract uses the bundled model and says so, unless
// --quiet, which leaves stderr empty.
func TestExtractBundledDefault(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vec")
	code, _, stderr := bertvec(t, "extract", "--out", out, "--kinds", "static", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("--quiet: stderr %q, want nothing", stderr)
	}
	code, _, stderr = bertvec(t, "extract", "--out", out+"2", "--kinds", "static")
	if code != 0 || !strings.Contains(stderr, "bundled tiny-bert-ja") {
		t.Errorf("exit %d, stderr %q does not say the bundled model is used", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "dynamic.npy")); !os.IsNotExist(err) {
		t.Errorf("--kinds static wrote dynamic.npy (stat: %v)", err)
	}
}

// --layer 0 is the embedding output: LayerNorm of the summed embeddings,
// which differs from the static rows but has their shape.
func TestExtractLayerAndResume(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vec")
	if code, stdout, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--layer", "1", "--kinds", "dynamic"); code != 0 || !strings.Contains(stdout, "dynamic.npy") {
		t.Fatalf("exit %d, stdout %q (want the report naming dynamic.npy), stderr %q", code, stdout, stderr)
	}
	// Resuming a finished run with the same identity does nothing...
	if code, stdout, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--layer", "1", "--kinds", "dynamic", "--resume"); code != 0 || !strings.Contains(stdout, "already complete") {
		t.Fatalf("resume finished run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// ...and resuming with another layer is refused, saying why.
	code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--layer", "2", "--kinds", "dynamic", "--resume", "--quiet")
	if code != 1 || !strings.Contains(stderr, "layer") {
		t.Fatalf("resume onto another layer: exit %d, stderr %q", code, stderr)
	}
	// Without --resume or --force, existing output is refused.
	code, _, stderr = bertvec(t, "extract", "--model", tinyModel, "--out", out, "--quiet")
	if code != 1 || !strings.Contains(stderr, "--force") {
		t.Fatalf("existing output: exit %d, stderr %q", code, stderr)
	}
}

// Every bad flag or input ends in one clear error and a non-zero exit,
// with nothing in --out that looks complete.
func TestExtractBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"batch 0", []string{"--batch", "0"}, 2, "--batch 0: want 1 or more"},
		{"negative batch", []string{"--batch", "-3"}, 2, "--batch -3"},
		{"threads 0", []string{"--threads", "0"}, 2, "--threads 0: want 1 or more"},
		{"negative workers", []string{"--workers", "-1"}, 2, "--workers -1: want 0 or more"},
		{"negative blas threads", []string{"--blas-threads", "-1"}, 2, "--blas-threads -1"},
		{"unknown kind", []string{"--kinds", "static,contextual"}, 2, "contextual"},
		{"bad device", []string{"--device", "gpu0"}, 2, "gpu0"},
		{"layer too deep", []string{"--layer", "3"}, 1, "layer 3"},
		{"layer negative", []string{"--layer", "-2"}, 2, "--layer"},
		{"cuda on cpu libtorch", []string{"--device", "cuda"}, 1, "CUDA not available"},
		{"bad format", []string{"--format", "hdf5"}, 2, "hdf5"},
		{"bad precision", []string{"--precision", "fp16"}, 2, `precision "fp16": want fp32 or bf16`},
		{"bf16 context", []string{"--precision", "bf16", "--kinds", "context", "--corpus", file}, 2, "context vectors are computed in fp32 only"},
		{"missing model", []string{"--model", "/nonexistent/model"}, 1, "/nonexistent/model"},
		{"non-bert model", []string{"--model", "../../testdata/bad/roberta"}, 1, "model_type"},
		{"truncated weights", []string{"--model", "../../testdata/bad/truncated-safetensors"}, 1, "model.safetensors"},
		{"unwritable out", []string{"--out", filepath.Join(file, "sub")}, 1, "out dir"},
		{"stray argument", []string{"model-dir"}, 2, "--model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "vec")
			args := append([]string{"extract", "--out", out, "--model", tinyModel, "--quiet"}, tt.args...)
			code, _, stderr := bertvec(t, args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tt.code, tt.want)
			}
			if strings.Count(stderr, "\n") > 1 {
				t.Errorf("want one line of error, got %q", stderr)
			}
			if _, err := os.Stat(filepath.Join(out, vecdir.MetaFile)); err == nil {
				t.Errorf("a failed run left %s", vecdir.MetaFile)
			}
		})
	}
}
