package model

import (
	"errors"
	"reflect"
	"testing"
)

func TestPackWindows(t *testing.T) {
	lim := limits{vocab: 10, maxPos: 5, layers: 2}
	p, err := packWindows([][]int32{{2, 7, 3}, {2, 3}, {2, 9, 9, 3}}, []int{2, 0}, lim)
	if err != nil {
		t.Fatal(err)
	}
	if p.batch != 3 || p.seq != 4 || p.rows != 9 {
		t.Fatalf("batch %d seq %d rows %d, want 3 4 9", p.batch, p.seq, p.rows)
	}
	wantIDs := []int64{2, 7, 3, 0, 2, 3, 0, 0, 2, 9, 9, 3}
	wantMask := []int64{1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1}
	wantReal := []int64{0, 1, 2, 4, 5, 8, 9, 10, 11}
	if !reflect.DeepEqual(p.ids, wantIDs) || !reflect.DeepEqual(p.mask, wantMask) || !reflect.DeepEqual(p.real, wantReal) {
		t.Errorf("packed %v %v %v, want %v %v %v", p.ids, p.mask, p.real, wantIDs, wantMask, wantReal)
	}
	same, err := packWindows([][]int32{{2, 3}, {2, 3}}, []int{1}, lim)
	if err != nil || same.mask != nil || same.real != nil {
		t.Errorf("equal lengths: mask %v real %v err %v, want no padding", same.mask, same.real, err)
	}
	bad := []struct {
		name    string
		windows [][]int32
		layers  []int
		want    error
	}{
		{"no windows", nil, []int{1}, ErrInput},
		{"no layers", [][]int32{{2, 3}}, nil, ErrInput},
		{"empty window", [][]int32{{2, 3}, {}}, []int{1}, ErrInput},
		{"too long", [][]int32{{2, 4, 4, 4, 4, 3}}, []int{1}, ErrInput},
		{"id out of range", [][]int32{{2, 10, 3}}, []int{1}, ErrInput},
		{"negative id", [][]int32{{2, -1, 3}}, []int{1}, ErrInput},
		{"layer too high", [][]int32{{2, 3}}, []int{3}, ErrLayer},
		{"negative layer", [][]int32{{2, 3}}, []int{-1}, ErrLayer},
		{"layer twice", [][]int32{{2, 3}}, []int{1, 1}, ErrInput},
	}
	for _, tt := range bad {
		if _, err := packWindows(tt.windows, tt.layers, lim); !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
		}
	}
}
