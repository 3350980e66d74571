package torchpickle

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bertvec/bertvec/model/safetensors"
)

var (
	tinyBin   = filepath.Join("..", "..", "testdata", "tiny-bert-ja", "pytorch_model.bin")
	tinySt    = filepath.Join("..", "..", "testdata", "tiny-bert-ja", "model.safetensors")
	legacyBin = filepath.Join("..", "..", "testdata", "fixtures", "legacy-bin", "pytorch_model.bin")
)

// Both containers must give exactly the floats the safetensors copy of the
// same checkpoint holds.
func TestOpenMatchesSafetensors(t *testing.T) {
	st, err := safetensors.Open(tinySt)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tt := range []struct {
		path   string
		format Format
	}{{tinyBin, Zip}, {legacyBin, Legacy}} {
		t.Run(tt.format.String(), func(t *testing.T) {
			f, err := Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.Format() != tt.format {
				t.Errorf("format %v, want %v", f.Format(), tt.format)
			}
			compared := 0
			for _, name := range st.Names() {
				info, _ := st.Info(name)
				if info.DType != safetensors.F32 {
					continue
				}
				tn, ok := f.Tensor(name)
				if !ok {
					t.Fatalf("%s missing; have %v", name, f.Names())
				}
				shape := make([]int, len(tn.Shape))
				for i, d := range tn.Shape {
					shape[i] = int(d)
				}
				if !slices.Equal(shape, info.Shape) || tn.DType() != F32 {
					t.Fatalf("%s: %v %v, want %v F32", name, tn.Shape, tn.DType(), info.Shape)
				}
				want, got := make([]float32, info.NumElements()), make([]float32, info.NumElements())
				if err := st.Float32(name, want); err != nil {
					t.Fatal(err)
				}
				if err := f.Float32(name, got); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s differs from the safetensors copy", name)
				}
				compared++
			}
			if compared < 37 {
				t.Fatalf("compared %d tensors, want all 37+ encoder tensors", compared)
			}
		})
	}
}

func TestOpenInteger(t *testing.T) {
	f, err := Open(tinyBin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tn, ok := f.Tensor("bert.embeddings.position_ids")
	if !ok || tn.DType() != I64 {
		t.Fatalf("position_ids: %v %v", ok, tn)
	}
	err = f.Float32("bert.embeddings.position_ids", make([]float32, tn.Numel()))
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("reading I64 as float32: %v", err)
	}
}
