package torchpickle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Every torch.save variant in testdata reads back exactly as torch reads it
// (testdata/expected.json, written by torch.load in gen.py).
func TestTorchVariants(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]map[string][]float32
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	if len(expected) != 8 {
		t.Fatalf("expected.json has %d files, want 8", len(expected))
	}
	for file, tensors := range expected {
		t.Run(file, func(t *testing.T) {
			f, err := Open(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if len(f.Names()) != len(tensors) {
				t.Fatalf("names %v, torch has %d tensors", f.Names(), len(tensors))
			}
			for name, want := range tensors {
				tn, ok := f.Tensor(name)
				if !ok {
					t.Fatalf("no %s", name)
				}
				got := make([]float32, tn.Numel())
				if err := f.Float32(name, got); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s = %v, torch reads %v", name, got, want)
				}
			}
		})
	}
}
