package tsne

import (
	"errors"
	"math"
	"testing"
)

// A hand-worked case: points on a line, k = 1.
//
//	x: 0  1  3  6.5  11      layout y: 0  10  1  3  6
//
// Layout nearest neighbours and their ranks in x: 0→2 (rank 2), 1→4
// (rank 4), 2→0 (rank 2), 3→2 (rank 1), 4→3 (rank 1). Penalty
// (2−1)+(4−1)+(2−1) = 5, so T = 1 − 2·5/(5·1·(10−3−1)) = 2/3.
func TestTrustworthinessHandWorked(t *testing.T) {
	x := []float32{0, 1, 3, 6.5, 11}
	y := []float64{0, 10, 1, 3, 6}
	got, err := Trustworthiness(x, 5, 1, y, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-2.0/3) > 1e-12 {
		t.Errorf("T = %g, want 2/3", got)
	}
	same := []float64{0, 1, 3, 6.5, 11}
	if got, _ := Trustworthiness(x, 5, 1, same, 1, 2); got != 1 {
		t.Errorf("identical layout: T = %g, want 1", got)
	}
	if _, err := Trustworthiness(x, 5, 1, y, 1, 3); !errors.Is(err, ErrInput) {
		t.Errorf("k ≥ n/2: got %v, want ErrInput", err)
	}
}

func TestNeighborPreservationIdentity(t *testing.T) {
	x, _ := gaussianClusters(3, 10, 2, 5, 1)
	y := make([]float64, len(x))
	for e, v := range x {
		y[e] = float64(v) * 3 // scaling keeps every neighbour
	}
	if got, err := NeighborPreservation(x, 30, 2, y, 2, 5); err != nil || got != 1 {
		t.Errorf("scaled copy: preservation %g (%v), want 1", got, err)
	}
}
