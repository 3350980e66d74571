//go:build cgo && !nolibtorch

package model

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
)

// Windows of different lengths in one padded batch give every window's
// rows as running it alone does, for every layer at once.
func TestContextsEqualsEachWindowAlone(t *testing.T) {
	e := load(t, tiny)
	H := e.Hidden()
	windows := [][]int32{{2, 100, 200, 3}, {2, 7, 3}, {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 3}, {2, 3}, {2, 50, 51, 52, 3}}
	layers := []int{2, 0, 1}
	rows := 0
	for _, w := range windows {
		rows += len(w)
	}
	got := make([]float32, len(layers)*rows*H)
	if err := e.Contexts(context.Background(), got, windows, layers); err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for k, layer := range layers {
		at := k * rows * H
		for _, w := range windows {
			alone, err := e.HiddenStates(context.Background(), [][]int32{w}, nil, layer)
			if err != nil {
				t.Fatal(err)
			}
			d, i := maxAbsDiff(got[at:at+len(alone)], alone)
			if d > 1e-5 {
				t.Errorf("layer %d window %v: differs from running it alone by %g at %d", layer, w, d, i)
			}
			worst = max(worst, d)
			at += len(alone)
		}
	}
	t.Logf("largest difference from running each window alone: %.2g", worst)
}

// Pooling Contexts over the reference corpus (transformers' tokens,
// windows of ≤ 62 ids, several windows a batch) gives transformers'
// corpus means and counts.
func TestContextsPooledMatchTransformers(t *testing.T) {
	e := load(t, tiny)
	V, H := e.VocabSize(), e.Hidden()
	dir := filepath.Join("..", "testdata", "context")
	f, err := os.Open(filepath.Join(dir, "tokens.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var windows [][]int32
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct{ IDs []int32 }
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		for lo := 0; lo < len(line.IDs); lo += 62 {
			w := append([]int32{2}, line.IDs[lo:min(lo+62, len(line.IDs))]...)
			windows = append(windows, append(w, 3))
		}
	}
	layers := []int{0, 1, 2}
	sums := make([][]float64, len(layers))
	for k := range sums {
		sums[k] = make([]float64, V*H)
	}
	count := make([]int64, V)
	for lo := 0; lo < len(windows); lo += 8 {
		batch := windows[lo:min(lo+8, len(windows))]
		rows := 0
		for _, w := range batch {
			rows += len(w)
		}
		out := make([]float32, len(layers)*rows*H)
		if err := e.Contexts(context.Background(), out, batch, layers); err != nil {
			t.Fatal(err)
		}
		r := 0
		for _, w := range batch {
			for j, id := range w {
				if j == 0 || j == len(w)-1 {
					continue
				}
				for k := range layers {
					row := out[(k*rows+r+j)*H : (k*rows+r+j+1)*H]
					for c, v := range row {
						sums[k][int(id)*H+c] += float64(v)
					}
				}
			}
			for _, id := range w[1 : len(w)-1] {
				count[id]++
			}
			r += len(w)
		}
	}
	wantCount, err := npy.ReadInt64(filepath.Join(dir, "context_count.npy"))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range count {
		if c != wantCount[i] {
			t.Fatalf("count of id %d: %d, transformers %d", i, c, wantCount[i])
		}
	}
	for k, layer := range layers {
		ref, err := npy.Open(filepath.Join(dir, fmt.Sprintf("context_L%d.npy", layer)))
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for i := 0; i < V*H; i++ {
			mean := 0.0
			if n := count[i/H]; n > 0 {
				mean = sums[k][i] / float64(n)
			}
			worst = max(worst, math.Abs(float64(float32(mean))-float64(ref.Data[i])))
		}
		ref.Close()
		if worst > 1e-5 {
			t.Errorf("layer %d: pooled means differ from transformers by %g", layer, worst)
		}
		t.Logf("layer %d: largest difference from transformers %.2g", layer, worst)
	}
}

// Contexts frees every tensor it makes, padded or not.
func TestContextsNoLeak(t *testing.T) {
	e := load(t, tiny)
	ctx := context.Background()
	ragged := [][]int32{{2, 9, 9, 3}, {2, 3}}
	dst := make([]float32, 2*6*e.Hidden())
	run := func(n int) {
		for i := 0; i < n; i++ {
			if err := e.Contexts(ctx, dst, ragged, []int{0, 2}); err != nil {
				t.Fatal(err)
			}
			if err := e.Contexts(ctx, dst[:2*4*e.Hidden()], [][]int32{{2, 3}, {2, 3}}, []int{1, 2}); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(20)
	runtime.GC()
	before := liveTensors()
	old := debug.SetGCPercent(-1)
	run(20)
	after := liveTensors()
	debug.SetGCPercent(old)
	if after != before {
		t.Errorf("live gotch tensors went from %d to %d over 40 forwards", before, after)
	}
	if err := e.Contexts(ctx, dst[:5], ragged, []int{0}); err == nil {
		t.Error("Contexts accepted a dst of the wrong size")
	}
}
