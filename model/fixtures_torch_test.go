//go:build cgo && !nolibtorch

package model

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(name string) string { return filepath.Join("..", "testdata", "fixtures", name) }

// outputs returns an encoder's static and dynamic matrices.
func outputs(t *testing.T, dir string, opts ...Option) (static, dyn []float32) {
	t.Helper()
	e := load(t, dir, opts...)
	static = make([]float32, e.VocabSize()*e.Hidden())
	if err := e.Static(static); err != nil {
		t.Fatal(err)
	}
	return static, dynamic(t, e, 128)
}

// The same weights spelled differently (legacy torch.save, gamma/beta,
// bare BertModel keys) must give transformers' reference outputs.
func TestKeyStylesAndFormats(t *testing.T) {
	static, dyn := reference(t, "static.npy"), reference(t, "dynamic.npy")
	tests := []struct {
		dir    string
		format WeightFormat
		style  KeyStyle
	}{
		{fixture("legacy-bin"), FormatBinLegacy, KeyStyle{Prefix: true}},
		{fixture("gamma-beta"), FormatBinZip, KeyStyle{Prefix: true, GammaBeta: true}},
		{fixture("no-prefix"), FormatSafetensors, KeyStyle{}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			d, err := Describe(tt.dir, WeightsAuto)
			if err != nil {
				t.Fatal(err)
			}
			if d.Checkpoint.Format != tt.format || d.Style != tt.style {
				t.Errorf("Describe: format %v style %+v, want %v %+v", d.Checkpoint.Format, d.Style, tt.format, tt.style)
			}
			s, dy := outputs(t, tt.dir)
			if d, at := maxAbsDiff(s, static.Data); d != 0 {
				t.Errorf("static differs by %g at %d", d, at)
			}
			if d, at := maxAbsDiff(dy, dyn.Data); d > 1e-5 {
				t.Errorf("dynamic differs by %g at row %d", d, at/64)
			}
		})
	}
}

// F16 and BF16 weights are widened exactly: the same outputs, bit for bit,
// as the rounded values stored as F32.
func TestHalfPrecisionWeights(t *testing.T) {
	for _, name := range []string{"f16", "bf16"} {
		t.Run(name, func(t *testing.T) {
			s16, d16 := outputs(t, fixture(name))
			s32, d32 := outputs(t, fixture(name+"-as-f32"))
			if d, at := maxAbsDiff(s16, s32); d != 0 {
				t.Errorf("static differs by %g at %d", d, at)
			}
			if d, at := maxAbsDiff(d16, d32); d != 0 {
				t.Errorf("dynamic differs by %g at %d", d, at)
			}
		})
	}
}

// Every defect a user can hand us ends in one error naming it; none panics
// or aborts.
func TestBadCheckpoints(t *testing.T) {
	tests := []struct {
		dir  string
		is   error
		want []string
	}{
		{"truncated-safetensors", ErrWeights, []string{"model.safetensors"}},
		{"corrupt-header-safetensors", ErrWeights, []string{"header"}},
		{"truncated-bin", ErrWeights, []string{"pytorch_model.bin"}},
		{"list-bin", ErrNotStateDict, []string{"not a state dict"}},
		{"roberta", ErrUnsupported, []string{"model_type", "roberta"}},
		{"vocab-mismatch", ErrVocabMismatch, []string{"417", "418"}},
		{"wrong-shape", ErrShape, []string{"encoder.layer.1.intermediate.dense.weight", "[64 128]", "[128 64]"}},
		{"wrong-shape-bin", ErrShape, []string{"encoder.layer.1.intermediate.dense.weight", "[64 128]", "[128 64]"}},
		{"bad-act", ErrUnsupported, []string{"hidden_act", "swish"}},
		{"missing-vocab", ErrMissingFile, []string{"vocab.txt"}},
		{"does-not-exist", ErrMissingFile, []string{"does-not-exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "bad", tt.dir)
			for _, op := range []func() error{
				func() error { _, err := Load(context.Background(), dir); return err },
				func() error { _, err := Describe(dir, WeightsAuto); return err },
			} {
				err := op()
				if err == nil {
					t.Fatal("no error")
				}
				if !errors.Is(err, tt.is) {
					t.Errorf("error %q is not %v", err, tt.is)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
			}
		})
	}
}
