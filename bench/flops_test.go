package bench

import (
	"math"
	"testing"

	"github.com/bertvec/bertvec/model"
)

// TestFLOPsPerIDByHand counts a tiny model's fast path op by op:
// H = 4, I = 8, three layers, keeping the last.
func TestFLOPsPerIDByHand(t *testing.T) {
	s := Shape{Hidden: 4, Intermediate: 8, Layers: 3, Keep: 3}
	attn := 2*3*4 + 2*3*4 // one query: scores against 3 keys, then the weighted sum of 3 values
	layer1 := 2*1*4*12 +  // query-key-value of the id's row only ([CLS], [SEP] pinned)
		3*attn + // three queries
		2*3*4*4 + 2*3*4*8 + 2*3*8*4 // output, intermediate, output dense on 3 rows
	layer2 := 2*3*4*12 + 3*attn + 2*3*4*4 + 2*3*4*8 + 2*3*8*4
	layer3 := 2*1*4*4 + // query of position 1
		2*3*4*8 + // keys and values of all 3
		attn + 2*1*4*4 + 2*1*4*8 + 2*1*8*4 // position 1 only
	if want := float64(layer1 + layer2 + layer3); FLOPsPerID(s) != want || want != 2064 {
		t.Errorf("FLOPsPerID = %v, want %v (= 2064)", FLOPsPerID(s), want)
	}
	if got := FLOPsPerIDGeneric(s); got != 3*float64(layer2) {
		t.Errorf("FLOPsPerIDGeneric = %v, want %v", got, 3*layer2)
	}
	s.Keep = 1
	one := 2*1*4*4 + 2*3*4*8 + attn + 2*1*4*4 + 2*1*4*8 + 2*1*8*4
	if got := FLOPsPerID(s); got != float64(one) {
		t.Errorf("one layer: %v, want %v", got, one)
	}
	s.Keep = 0
	if got := FLOPsPerID(s); got != 0 {
		t.Errorf("embeddings only: %v, want 0", got)
	}
}

func TestFLOPsBERTBase(t *testing.T) {
	c := model.DefaultConfig() // bert-base: 768, 3072, 12 layers
	s := ShapeOf(&c, -1)
	if s.Keep != 12 || s.Hidden != 768 {
		t.Fatalf("ShapeOf = %+v", s)
	}
	// README figure: 479.25 MFLOP per id, 6% less than the generic forward.
	if got := FLOPsPerID(s); got != 479_250_432 {
		t.Errorf("BERT-base FLOPsPerID = %v", got)
	}
	if r := FLOPsPerID(s) / FLOPsPerIDGeneric(s); math.Abs(r-0.94) > 0.005 {
		t.Errorf("fast/generic FLOPs = %.3f", r)
	}
}

func TestRoofline(t *testing.T) {
	if got := Bound(180e9, 479_250_432); math.Abs(got-375.59) > 0.01 {
		t.Errorf("Bound = %v", got)
	}
	if got := Efficiency(300, 479_250_432, 180e9); math.Abs(got-0.79875) > 1e-5 {
		t.Errorf("Efficiency = %v", got)
	}
	if Bound(1, 0) != 0 || Efficiency(1, 1, 0) != 0 {
		t.Error("zero denominators must give 0")
	}
	g := PeakGEMMs(Shape{Hidden: 768, Intermediate: 3072, Layers: 12, Keep: 12}, 768, model.FP32)
	var f float64
	for _, x := range g {
		f += x.FLOPs()
	}
	// Twelve full layers at 256 ids (768 rows): 12 · 256 · 3 · (8H² + 4HI).
	if want := 12 * 256.0 * 3 * (8*768*768 + 4*768*3072); f != want || len(g) != 48 {
		t.Errorf("PeakGEMMs: %d GEMMs, %v FLOPs, want 48 and %v", len(g), f, want)
	}
}
