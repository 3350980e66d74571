package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// tinyModel is the tiny-bert-ja checkpoint with its reference outputs.
const tinyModel = "../../testdata/tiny-bert-ja"

// bertvec runs the CLI as main would and returns its exit status and
// output.
func bertvec(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runMain(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// tinyVectors makes the vectors directory extract would write for
// tiny-bert-ja, from the reference rows (417 tokens, 64 dimensions).
func tinyVectors(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{
		"reference/static.npy":  "static.npy",
		"reference/dynamic.npy": "dynamic.npy",
		"vocab.txt":             "vocab.txt",
	} {
		b, err := os.ReadFile(filepath.Join(tinyModel, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readReference decodes tiny-bert-ja's reference/analogies.json (faiss
// neighbours and numpy norms) into v.
func readReference(t testing.TB, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(tinyModel, "reference", "analogies.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
