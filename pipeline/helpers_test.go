package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

var testSHA = strings.Repeat("ab", 32)

// fakeOptions returns options for a run of f into dir on one CPU device.
func fakeOptions(dir string, f *pipelinetest.Fake, batch, workers int) Options {
	return Options{
		OutDir:  dir,
		Batch:   batch,
		Layer:   2,
		Threads: 1,
		Groups:  []WorkerGroup{{Name: "cpu", Encoder: f, Workers: workers}},
		Tokens:  pipelinetest.Tokens(f.V),
		Model: ModelInfo{Dir: "fake-bert", WeightsSHA256: testSHA,
			HiddenSize: f.H, NumLayers: 2, NumHeads: 2, VocabSize: f.V},
		Version:         "test",
		LibtorchVersion: "none",
	}
}

// wantNPY is the .npy file a kind of f must produce, built with
// internal/npy's encoder from the fake's definition.
func wantNPY(t testing.TB, k vecdir.Kind, v, h int) []byte {
	t.Helper()
	data := make([]float32, v*h)
	for id := range v {
		for j := range h {
			if k == vecdir.Static {
				data[id*h+j] = pipelinetest.StaticValue(id, j)
			} else {
				data[id*h+j] = pipelinetest.DynamicValue(id, j)
			}
		}
	}
	var buf bytes.Buffer
	if err := npy.Encode(&buf, v, h, data); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sumFile(t testing.TB, path string) string {
	t.Helper()
	s := sha256.Sum256(readFile(t, path))
	return hex.EncodeToString(s[:])
}

// listDir returns the names in dir, sorted.
func listDir(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// assertComplete checks that dir holds a finished extract of f for kinds.
func assertComplete(t *testing.T, dir string, v, h int, kinds ...vecdir.Kind) {
	t.Helper()
	for _, k := range kinds {
		if got, want := readFile(t, filepath.Join(dir, k.File())), wantNPY(t, k, v, h); !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes differ from the fake's vectors (%d bytes)", k.File(), len(got), len(want))
		}
	}
	for _, name := range []string{StateFile, partialFile(vecdir.Dynamic), doneFile(vecdir.Dynamic), partialFile(vecdir.Static)} {
		if exists(filepath.Join(dir, name)) {
			t.Errorf("%s left behind after a complete run", name)
		}
	}
	if !exists(filepath.Join(dir, vecdir.MetaFile)) {
		t.Errorf("no %s", vecdir.MetaFile)
	}
}

// assertIncomplete checks that nothing in dir looks finished.
func assertIncomplete(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{vecdir.MetaFile, vecdir.Dynamic.File(), vecdir.Dynamic.Word2VecText(), vecdir.Dynamic.Word2VecBinary()} {
		if exists(filepath.Join(dir, name)) {
			t.Errorf("%s exists after a failed run", name)
		}
	}
}
