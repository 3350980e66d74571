package contextvec

import "fmt"

// Accum holds, per layer, the float64 sum of every hidden state seen for
// each id, and how many times each id was seen (the same for every layer).
type Accum struct {
	V, H   int
	Layers []int
	Sums   [][]float64 // per layer, V*H row-major
	Counts []int64     // V
}

// NewAccum returns an empty accumulator.
func NewAccum(v, h int, layers []int) *Accum {
	a := &Accum{V: v, H: h, Layers: append([]int(nil), layers...), Counts: make([]int64, v)}
	for range layers {
		a.Sums = append(a.Sums, make([]float64, v*h))
	}
	return a
}

// addBatch adds the rows Contexts returned for windows (layer-major,
// [CLS] and [SEP] included) at every window token, skipping the [CLS] and
// [SEP] around it.
func (a *Accum) addBatch(windows [][]int32, out []float32) {
	rows := 0
	for _, w := range windows {
		rows += len(w)
	}
	H := a.H
	r := 0
	for _, w := range windows {
		for j := 1; j < len(w)-1; j++ {
			id := int(w[j])
			a.Counts[id]++
			for k := range a.Layers {
				src := out[(k*rows+r+j)*H : (k*rows+r+j+1)*H]
				dst := a.Sums[k][id*H : (id+1)*H]
				for c, v := range src {
					dst[c] += float64(v)
				}
			}
		}
		r += len(w)
	}
}

// Add adds another accumulator's sums and counts (merging shards).
func (a *Accum) Add(b *Accum) error {
	if a.V != b.V || a.H != b.H || fmt.Sprint(a.Layers) != fmt.Sprint(b.Layers) {
		return fmt.Errorf("%w: shapes (%d,%d) layers %v and (%d,%d) layers %v", ErrMerge, a.V, a.H, a.Layers, b.V, b.H, b.Layers)
	}
	for i, c := range b.Counts {
		a.Counts[i] += c
	}
	for k := range a.Sums {
		for i, v := range b.Sums[k] {
			a.Sums[k][i] += v
		}
	}
	return nil
}

// Means returns layer k's vectors: float32(sum/count), zeros where the
// count is 0.
func (a *Accum) Means(k int) []float32 {
	out := make([]float32, a.V*a.H)
	for id, n := range a.Counts {
		if n == 0 {
			continue
		}
		for c := 0; c < a.H; c++ {
			out[id*a.H+c] = float32(a.Sums[k][id*a.H+c] / float64(n))
		}
	}
	return out
}

// Tokens is the number of token occurrences added.
func (a *Accum) Tokens() int64 {
	var n int64
	for _, c := range a.Counts {
		n += c
	}
	return n
}

// NeverSeen is the number of ids with count 0.
func (a *Accum) NeverSeen() int {
	n := 0
	for _, c := range a.Counts {
		if c == 0 {
			n++
		}
	}
	return n
}
