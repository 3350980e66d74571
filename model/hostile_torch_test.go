//go:build cgo && !nolibtorch

package model

import (
	"archive/zip"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/ziptest"
	"github.com/bertvec/bertvec/model/safetensors"
	"github.com/bertvec/bertvec/model/torchpickle"
)

// A DEFLATE-compressed pytorch_model.bin, which torch.load reads, gives
// the same vectors, bit for bit, as the stored one (it used to be refused).
func TestLoadDeflatedBin(t *testing.T) {
	bin := readFile(t, filepath.Join(tinyDir, BinFile))
	dir := checkpointDir(t, map[string][]byte{BinFile: ziptest.Rezip(t, bin, zip.Deflate, nil)})
	s, d := outputs(t, dir)
	static, dyn := reference(t, "static.npy"), reference(t, "dynamic.npy")
	if diff, at := maxAbsDiff(s, static.Data); diff != 0 {
		t.Errorf("static differs by %g at %d", diff, at)
	}
	if diff, at := maxAbsDiff(d, dyn.Data); diff > 1e-5 {
		t.Errorf("dynamic differs by %g at %d", diff, at)
	}
}

// One flipped bit in a weight record fails the load by its CRC-32; it used
// to load silently with a wrong weight.
func TestLoadBitFlip(t *testing.T) {
	bin := readFile(t, filepath.Join(tinyDir, BinFile))
	// pytorch_model/data/1 holds the word embeddings.
	dir := checkpointDir(t, map[string][]byte{BinFile: ziptest.FlipBit(t, bin, "pytorch_model/data/1", 0x04)})
	_, err := Load(context.Background(), dir)
	if !errors.Is(err, ErrWeights) || !errors.Is(err, torchpickle.ErrChecksum) || !strings.Contains(err.Error(), "data/1") {
		t.Fatalf("err = %v", err)
	}
}

// Finite weights whose forward overflows (one FFN matrix × 1e37) used to
// give an all-NaN dynamic.npy with exit 0; now the batch fails, naming the
// first id whose vector is not finite.
func TestNonFiniteOutput(t *testing.T) {
	st := readFile(t, filepath.Join(tinyDir, SafetensorsFile))
	st = rewriteTensor(t, st, "bert.encoder.layer.0.output.dense.weight", func(f *safetensors.File, info safetensors.TensorInfo) safetensors.Tensor {
		v := make([]float32, info.NumElements())
		if err := f.Float32(info.Name, v); err != nil {
			t.Fatal(err)
		}
		for i := range v {
			v[i] *= 1e37
		}
		return safetensors.FromFloat32(info.Name, info.Shape, v)
	})
	dir := checkpointDir(t, map[string][]byte{SafetensorsFile: st})
	e := load(t, dir) // the weights themselves are finite
	ids := []int32{5, 6, 7}
	err := e.Dynamic(context.Background(), make([]float32, len(ids)*e.Hidden()), ids)
	var nf *NonFiniteError
	if !errors.Is(err, ErrNonFinite) || !errors.As(err, &nf) || nf.ID != 5 || nf.Seq != 0 || !strings.Contains(err.Error(), "id 5") {
		t.Fatalf("Dynamic: err = %v", err)
	}
	_, err = e.HiddenStates(context.Background(), [][]int32{{2, 9, 3}}, nil, 1)
	if !errors.As(err, &nf) || nf.ID != 2 || nf.Pos != 0 {
		t.Fatalf("HiddenStates: err = %v", err)
	}
	if _, err := e.HiddenStates(context.Background(), [][]int32{{2, 9, 3}}, nil, 0); err != nil {
		t.Errorf("the embedding layer is finite: %v", err)
	}
}
