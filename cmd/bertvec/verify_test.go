package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVerify(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vec")
	if code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--kinds", "static", "--quiet"); code != 0 {
		t.Fatalf("extract: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := bertvec(t, "verify", out)
	if code != 0 || !strings.Contains(stdout, "1 kind verified") {
		t.Fatalf("verify: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	path := filepath.Join(out, "static.npy")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	os.WriteFile(path, b, 0o644)
	code, _, stderr = bertvec(t, "verify", out)
	if code != 1 || !strings.Contains(stderr, "checksum mismatch") || !strings.Contains(stderr, "static.npy") {
		t.Fatalf("verify of a tampered dir: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := bertvec(t, "verify"); code != 2 {
		t.Fatalf("verify without a dir: exit %d, want 2", code)
	}
}

// Issue 13 #5 and #21: --out is checked before the model is loaded, a
// checkpoint directory is refused without a destructive hint, and
// --resume --force is a usage error.
func TestExtractChecksOutFirst(t *testing.T) {
	before, err := os.ReadFile(filepath.Join(tinyModel, "vocab.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, force := range []string{"--resume=false", "--force"} {
		code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", tinyModel, force, "--quiet")
		if code != 1 || !strings.Contains(stderr, "model checkpoint") || strings.Contains(stderr, "--force") {
			t.Fatalf("extract --out MODEL %s: exit %d, stderr %q", force, code, stderr)
		}
	}
	after, _ := os.ReadFile(filepath.Join(tinyModel, "vocab.txt"))
	if string(after) != string(before) {
		t.Fatal("the model's vocab.txt changed")
	}
	code, _, stderr := bertvec(t, "extract", "--out", t.TempDir(), "--resume", "--force")
	if code != 2 || !strings.Contains(stderr, "--resume and --force") {
		t.Fatalf("--resume --force: exit %d, stderr %q", code, stderr)
	}
	// A missing model is not even looked at when --out is refused.
	out := filepath.Join(t.TempDir(), "vec")
	if code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", out, "--kinds", "static", "--quiet"); code != 0 {
		t.Fatalf("extract: exit %d: %s", code, stderr)
	}
	code, _, stderr = bertvec(t, "extract", "--model", filepath.Join(t.TempDir(), "no-such-model"), "--out", out, "--kinds", "static", "--quiet")
	if code != 1 || !strings.Contains(stderr, "already holds output") || !strings.Contains(stderr, "--force") {
		t.Fatalf("extract into a complete dir: exit %d, stderr %q", code, stderr)
	}
}

// model.WithProgress is wired into extract: the load is reported.
func TestExtractShowsLoadProgress(t *testing.T) {
	code, _, stderr := bertvec(t, "extract", "--model", tinyModel, "--out", filepath.Join(t.TempDir(), "vec"), "--kinds", "static")
	if code != 0 || !strings.Contains(stderr, "load cpu: 37/37 tensors (100%)") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// Issue 13 #6: an edited config.json (another activation) is another
// model for --resume, though the weights are the same.
func TestResumeRefusesEditedConfig(t *testing.T) {
	model := t.TempDir()
	for _, name := range []string{"config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"} {
		b, err := os.ReadFile(filepath.Join(tinyModel, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(model, name), b, 0o644)
	}
	out := filepath.Join(t.TempDir(), "vec")
	if code, _, stderr := bertvec(t, "extract", "--model", model, "--out", out, "--kinds", "static", "--quiet"); code != 0 {
		t.Fatalf("extract: exit %d: %s", code, stderr)
	}
	cfg, _ := os.ReadFile(filepath.Join(model, "config.json"))
	edited := strings.Replace(string(cfg), `"gelu"`, `"relu"`, 1)
	if edited == string(cfg) {
		t.Fatal("tiny's config.json has no gelu to change")
	}
	os.WriteFile(filepath.Join(model, "config.json"), []byte(edited), 0o644)
	code, _, stderr := bertvec(t, "extract", "--model", model, "--out", out, "--kinds", "static", "--resume", "--quiet")
	if code != 1 || !strings.Contains(stderr, "model config or special ids differ") {
		t.Fatalf("resume after editing config.json: exit %d, stderr %q", code, stderr)
	}
}
