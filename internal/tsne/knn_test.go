package tsne

import (
	"errors"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestNearestNeighborsMatchesSort(t *testing.T) {
	const n, d, k = 130, 70, 7 // d not a multiple of the block, n spans chunks
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float32, n*d)
	for e := range x {
		// Few distinct values make exact distance ties likely.
		x[e] = float32(rng.IntN(3))
	}
	for _, workers := range []int{1, 2, 5} {
		nb, err := NearestNeighbors(x, n, d, k, workers)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			want := make([]int, 0, n-1)
			for j := range n {
				if j != i {
					want = append(want, j)
				}
			}
			dist := func(j int) float32 { return sqDist(x[i*d:(i+1)*d], x[j*d:(j+1)*d]) }
			sort.SliceStable(want, func(a, b int) bool { return dist(want[a]) < dist(want[b]) })
			idx, d2 := nb.Of(i)
			for r := range k {
				if int(idx[r]) != want[r] || d2[r] != dist(want[r]) {
					t.Fatalf("workers %d point %d rank %d: got %d (%g), want %d (%g)", workers, i, r, idx[r], d2[r], want[r], dist(want[r]))
				}
			}
		}
	}
}

func TestNearestNeighborsBadInput(t *testing.T) {
	x := make([]float32, 12)
	for _, tc := range []struct {
		name    string
		x       []float32
		n, d, k int
	}{
		{"k too large", x, 4, 3, 4},
		{"k zero", x, 4, 3, 0},
		{"short matrix", x[:11], 4, 3, 2},
		{"no rows", nil, 0, 3, 1},
	} {
		if _, err := NearestNeighbors(tc.x, tc.n, tc.d, tc.k, 1); !errors.Is(err, ErrInput) {
			t.Errorf("%s: got %v, want ErrInput", tc.name, err)
		}
	}
}

func TestSqDistBelowAgreesWithSqDist(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []int{1, 3, 64, 65, 200} {
		a, b := make([]float32, d), make([]float32, d)
		for e := range a {
			a[e], b[e] = rng.Float32(), rng.Float32()
		}
		full := sqDist(a, b)
		if got, ok := sqDistBelow(a, b, full*2); !ok || got != full {
			t.Errorf("d=%d: below(2·full) = %g,%v, want %g,true", d, got, ok, full)
		}
		if _, ok := sqDistBelow(a, b, full); ok {
			t.Errorf("d=%d: a distance equal to the bound must not count as below", d)
		}
	}
}
