package pipeline

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// replay serves the transformers reference rows of tiny-bert-ja, so that
// a run on it must reproduce numpy's files byte for byte.
type replay struct{ static, dynamic *npy.Matrix }

func (r replay) VocabSize() int             { return r.static.Rows }
func (r replay) Hidden() int                { return r.static.Cols }
func (r replay) Static(dst []float32) error { copy(dst, r.static.Data); return nil }
func (r replay) Dynamic(_ context.Context, dst []float32, ids []int32) error {
	for i, id := range ids {
		copy(dst[i*r.Hidden():(i+1)*r.Hidden()], r.dynamic.Row(int(id)))
	}
	return nil
}

func TestReplayReferenceIsByteIdentical(t *testing.T) {
	ref := filepath.Join("..", "testdata", "tiny-bert-ja")
	var r replay
	var err error
	if r.static, err = npy.Open(filepath.Join(ref, "reference", "static.npy")); err != nil {
		t.Fatal(err)
	}
	defer r.static.Close()
	if r.dynamic, err = npy.Open(filepath.Join(ref, "reference", "dynamic.npy")); err != nil {
		t.Fatal(err)
	}
	defer r.dynamic.Close()
	vocab := readFile(t, filepath.Join(ref, "vocab.txt"))
	tokens := strings.Split(strings.TrimSuffix(string(vocab), "\n"), "\n")

	o := Options{
		OutDir: t.TempDir(), Batch: 32, Layer: 2, Format: FormatWord2Vec, Tokens: tokens,
		Groups: []WorkerGroup{{Name: "cpu", Encoder: r, Workers: 2}},
		Model:  ModelInfo{Dir: "tiny-bert-ja", HiddenSize: 64, NumLayers: 2, NumHeads: 4, VocabSize: 417},
	}
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	for _, k := range vecdir.DefaultKinds {
		got := readFile(t, filepath.Join(o.OutDir, k.File()))
		if want := readFile(t, filepath.Join(ref, "reference", k.File())); !bytes.Equal(got, want) {
			t.Errorf("%s differs from numpy's reference/%s", k.File(), k.File())
		}
	}
	if got := readFile(t, filepath.Join(o.OutDir, vecdir.VocabFile)); !bytes.Equal(got, vocab) {
		t.Error("vocab.txt differs from the model's")
	}
}
