//go:build cgo && !nolibtorch

package model

import (
	"context"
	"math"
	"testing"
	"time"
)

// BF16 must run the same forward with bfloat16 products: vectors close to
// fp32's but not equal to them (equal would mean the weights were never
// lowered), on the fast path and on the general masked forward.
func TestBF16NearFP32(t *testing.T) {
	ctx := context.Background()
	full, low := load(t, tiny), load(t, tiny, WithPrecision(BF16))
	n := full.VocabSize()
	ids := allIDs(n)
	a, b := make([]float32, n*full.Hidden()), make([]float32, n*full.Hidden())
	if err := full.Dynamic(ctx, a, ids); err != nil {
		t.Fatal(err)
	}
	if err := low.Dynamic(ctx, b, ids); err != nil {
		t.Fatal(err)
	}
	maxd, sum := 0.0, 0.0
	for i := range a {
		d := math.Abs(float64(a[i] - b[i]))
		maxd, sum = max(maxd, d), sum+d
	}
	mean := sum / float64(len(a))
	t.Logf("bf16 against fp32 over %d ids: max %.3g, mean %.3g", n, maxd, mean)
	if maxd == 0 || maxd > 0.25 || mean > 0.03 {
		t.Errorf("bf16 against fp32: max %g, mean %g; want 0 < max ≤ 0.25, mean ≤ 0.03", maxd, mean)
	}
	// The general forward: a masked batch of two rows, the second padded.
	rows := [][]int32{{2, 10, 11, 12, 3}, {2, 20, 3, 0, 0}}
	mask := [][]int32{{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}
	hf, err := full.HiddenStates(ctx, rows, mask, 2)
	if err != nil {
		t.Fatal(err)
	}
	hl, err := low.HiddenStates(ctx, rows, mask, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d, at := maxAbsDiff(hf, hl); d == 0 || d > 0.25 {
		t.Errorf("HiddenStates: bf16 differs from fp32 by %g at %d", d, at)
	}
}

func TestGEMMRateBF16(t *testing.T) {
	g := []GEMM{{M: 64, K: 64, N: 64, Precision: BF16}}
	if rate, err := GEMMRate(context.Background(), Device{Kind: CPU}, g, 20*time.Millisecond); err != nil || rate <= 0 {
		t.Fatalf("GEMMRate(bf16) = %g, %v", rate, err)
	}
}

func TestParsePrecision(t *testing.T) {
	for in, want := range map[string]Precision{"fp32": FP32, "BF16": BF16, " bfloat16 ": BF16, "float32": FP32} {
		if got, err := ParsePrecision(in); err != nil || got != want {
			t.Errorf("ParsePrecision(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "fp16", "int8", "bf"} {
		if _, err := ParsePrecision(bad); err == nil {
			t.Errorf("ParsePrecision(%q) gave no error", bad)
		}
	}
}
