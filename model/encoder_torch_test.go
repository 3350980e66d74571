//go:build cgo && !nolibtorch

package model

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
)

const tiny = "../testdata/tiny-bert-ja"

// reference opens one of the transformers reference matrices.
func reference(t testing.TB, name string) *npy.Matrix {
	t.Helper()
	m, err := npy.Open(filepath.Join(tiny, "reference", name))
	if err != nil {
		t.Fatalf("open reference %s: %v", name, err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func load(t testing.TB, dir string, opts ...Option) *Encoder {
	t.Helper()
	e, err := Load(context.Background(), dir, opts...)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func allIDs(n int) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(i)
	}
	return ids
}

// dynamic runs every id through e in batches of size batch.
func dynamic(t testing.TB, e *Encoder, batch int) []float32 {
	t.Helper()
	V, H := e.VocabSize(), e.Hidden()
	out := make([]float32, V*H)
	ids := allIDs(V)
	for lo := 0; lo < V; lo += batch {
		hi := min(lo+batch, V)
		if err := e.Dynamic(context.Background(), out[lo*H:hi*H], ids[lo:hi]); err != nil {
			t.Fatalf("Dynamic(%d..%d): %v", lo, hi, err)
		}
	}
	return out
}

func maxAbsDiff(a, b []float32) (float64, int) {
	worst, at := 0.0, -1
	for i := range a {
		if d := math.Abs(float64(a[i] - b[i])); d > worst || math.IsNaN(d) {
			worst, at = d, i
		}
	}
	return worst, at
}

// The acceptance test of the foundation: from each weight file, the
// embedding matrix equals transformers' exactly and every id's last-layer
// output at position 1 is within 1e-5.
func TestConformance(t *testing.T) {
	static, dyn := reference(t, "static.npy"), reference(t, "dynamic.npy")
	for _, w := range []WeightChoice{WeightsSafetensors, WeightsBin} {
		t.Run(string(w), func(t *testing.T) {
			e := load(t, tiny, WithWeights(w))
			got := make([]float32, e.VocabSize()*e.Hidden())
			if err := e.Static(got); err != nil {
				t.Fatal(err)
			}
			if d, at := maxAbsDiff(got, static.Data); d != 0 {
				t.Errorf("static differs from static.npy by %g at %d; want exact", d, at)
			}
			for _, batch := range []int{1, 7, 417} {
				d, at := maxAbsDiff(dynamic(t, e, batch), dyn.Data)
				if d > 1e-5 {
					t.Errorf("batch %d: dynamic differs from dynamic.npy by %g at row %d", batch, d, at/e.Hidden())
				}
				t.Logf("batch %d: max |dynamic - transformers| = %.2g", batch, d)
			}
		})
	}
}

// The general forward on [[CLS, id, SEP]] is the definition the fast path
// must agree with, at every layer.
func TestFastPathMatchesForward(t *testing.T) {
	dyn := reference(t, "dynamic.npy")
	layers := 2
	for layer := 0; layer <= layers; layer++ {
		e := load(t, tiny, WithLayer(layer))
		H, V := e.Hidden(), e.VocabSize()
		ids := make([][]int32, V)
		for i := range ids {
			ids[i] = []int32{2, int32(i), 3}
		}
		h, err := e.HiddenStates(context.Background(), ids, nil, layer)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]float32, V*H)
		for i := 0; i < V; i++ {
			copy(want[i*H:(i+1)*H], h[(i*3+1)*H:(i*3+2)*H])
		}
		if d, at := maxAbsDiff(dynamic(t, e, 64), want); d > 1e-5 {
			t.Errorf("layer %d: fast path differs from forward by %g at row %d", layer, d, at/H)
		}
		if layer == layers {
			if d, at := maxAbsDiff(want, dyn.Data); d > 1e-5 {
				t.Errorf("forward differs from dynamic.npy by %g at row %d", d, at/H)
			}
		}
	}
}

// A padded, masked sequence must give the same states as the unpadded one.
func TestAttentionMask(t *testing.T) {
	e := load(t, tiny)
	H := e.Hidden()
	short, err := e.HiddenStates(context.Background(), [][]int32{{2, 100, 200, 3}}, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	padded, err := e.HiddenStates(context.Background(), [][]int32{{2, 100, 200, 3, 0, 0}}, [][]int32{{1, 1, 1, 1, 0, 0}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := maxAbsDiff(short, padded[:4*H]); d > 1e-5 {
		t.Errorf("masked padding changed the states by %g", d)
	}
}

func TestBadCalls(t *testing.T) {
	e := load(t, tiny)
	H := e.Hidden()
	ctx := context.Background()
	if err := e.Dynamic(ctx, make([]float32, H), []int32{417}); !errors.Is(err, ErrInput) {
		t.Errorf("id = V: got %v, want ErrInput", err)
	}
	if err := e.Dynamic(ctx, make([]float32, H), []int32{-1}); !errors.Is(err, ErrInput) {
		t.Errorf("id = -1: got %v, want ErrInput", err)
	}
	if err := e.Dynamic(ctx, make([]float32, 2*H), []int32{1}); !errors.Is(err, ErrInput) {
		t.Errorf("short dst: got %v, want ErrInput", err)
	}
	if _, err := e.HiddenStates(ctx, [][]int32{{2, 3}, {2}}, nil, 1); !errors.Is(err, ErrInput) {
		t.Errorf("ragged batch: got %v, want ErrInput", err)
	}
	if _, err := e.HiddenStates(ctx, [][]int32{make([]int32, 65)}, nil, 1); !errors.Is(err, ErrInput) {
		t.Errorf("too long: got %v, want ErrInput", err)
	}
	if _, err := Load(ctx, tiny, WithLayer(3)); !errors.Is(err, ErrLayer) {
		t.Errorf("layer 3 of 2: got %v, want ErrLayer", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := e.Dynamic(cancelled, make([]float32, H), []int32{5}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	e.Close()
	if err := e.Dynamic(ctx, make([]float32, H), []int32{5}); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: got %v, want ErrClosed", err)
	}
}

// Asking for a CUDA device that is not there is a clear error before any
// work, never gotch's log.Fatal: on a CPU-only libtorch any CUDA device, on
// a GPU box the index one past the last.
func TestCUDAUnavailable(t *testing.T) {
	missing := []Device{{Kind: CUDA}, {Kind: CUDA, Index: 1}}
	if r := Runtime(); r.CUDAAvailable {
		missing = []Device{{Kind: CUDA, Index: r.CUDADevices}}
	}
	for _, d := range missing {
		_, err := Load(context.Background(), tiny, WithDevice(d))
		if !errors.Is(err, ErrNoCUDA) {
			t.Errorf("Load on %s: got %v, want ErrNoCUDA", d, err)
		}
	}
}

// WithProgress sees every weight tensor arrive, ending at the total.
func TestLoadProgress(t *testing.T) {
	var calls, last, total int
	load(t, tiny, WithProgress(func(done, n int) { calls, last, total = calls+1, done, n }))
	if total != 37 || last != total || calls == 0 {
		t.Fatalf("progress: %d calls, last %d of %d; want to end at 37 of 37", calls, last, total)
	}
}
