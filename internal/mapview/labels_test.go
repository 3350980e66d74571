package mapview

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"
)

// Every placed label lies inside the area and overlaps no other; the
// rest are counted as left out.
func TestPlaceLabelsInsideAndCounted(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	area := image.Rect(0, 40, 400, 300).Inset(14)
	var pts []Point
	var px [][2]float64
	for i := range 300 {
		pts = append(pts, Point{Label: fmt.Sprintf("label%d", i)})
		px = append(px, [2]float64{28 + rng.Float64()*344, 68 + rng.Float64()*204})
	}
	width := func(s string) int { return 6 * len(s) }
	const h = 12
	plan := placeLabels(pts, px, width, h, area, 3)
	if plan.total != 300 || len(plan.boxes)+plan.omitted != 300 || plan.omitted == 0 {
		t.Fatalf("total %d, placed %d, omitted %d", plan.total, len(plan.boxes), plan.omitted)
	}
	var rects []image.Rectangle
	for _, b := range plan.boxes {
		r := image.Rect(b.x, b.y, b.x+width(pts[b.i].Label), b.y+h)
		if !r.In(area) {
			t.Errorf("label %d at %v is outside %v", b.i, r, area)
		}
		for _, o := range rects {
			if r.Overlaps(o) {
				t.Errorf("label %d at %v overlaps %v", b.i, r, o)
			}
		}
		rects = append(rects, r)
	}
}

// A point at the right edge gets its label on its left, not cut off.
func TestPlaceLabelsFlipsAtEdge(t *testing.T) {
	area := image.Rect(10, 10, 200, 200)
	plan := placeLabels([]Point{{Label: "long label"}}, [][2]float64{{195, 100}}, func(s string) int { return 60 }, 12, area, 3)
	if len(plan.boxes) != 1 || plan.boxes[0].x+60 > 200 || plan.boxes[0].x != 195-3-3-60 {
		t.Errorf("got %+v", plan)
	}
}

// Pinned points (--words) are always labelled, even on top of each other
// and at the very edge; unpinned ones in the same spot are left out.
func TestPlaceLabelsPinned(t *testing.T) {
	area := image.Rect(10, 10, 200, 200)
	var pts []Point
	var px [][2]float64
	for i := range 5 {
		pts = append(pts, Point{Label: fmt.Sprint("w", i), Pinned: i < 3})
		px = append(px, [2]float64{199, 5})
	}
	plan := placeLabels(pts, px, func(string) int { return 40 }, 12, area, 3)
	placed := map[int]bool{}
	for _, b := range plan.boxes {
		placed[b.i] = true
		if r := image.Rect(b.x, b.y, b.x+40, b.y+12); !r.In(area) {
			t.Errorf("label %d at %v leaves %v", b.i, r, area)
		}
	}
	if !placed[0] || !placed[1] || !placed[2] || plan.omitted != 2 || plan.total != 5 {
		t.Errorf("placed %v, omitted %d of %d; want the 3 pinned placed and 2 left out", placed, plan.omitted, plan.total)
	}
}

// In the picture, nothing is drawn in the right margin even when points
// with long labels sit at the right edge.
func TestWritePNGMargin(t *testing.T) {
	// The rightmost point lands 2 label sizes from the edge; its one
	// glyph would end inside the last label size of the picture.
	m := &Map{Title: "t", Points: []Point{{X: 0, Y: 0, Label: "王"}, {X: 1, Y: 0.02, Label: "王"}, {X: 0.5, Y: 0.01, Label: "女王"}}}
	var b bytes.Buffer
	const size, margin = 600, 14
	if err := m.WritePNG(&b, PNGOptions{Width: size, Height: size}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	for y := range size {
		for x := size - margin + 1; x < size; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r != 0xffff || g != 0xffff || bl != 0xffff {
				t.Fatalf("pixel (%d, %d) in the right margin is drawn on", x, y)
			}
		}
	}
}

// The page's neighbour panel names its distance, which is not the squared
// L2 that bertvec neighbors prints.
func TestPanelNamesDistance(t *testing.T) {
	m, _, _, _ := testMap(t, 3)
	var b bytes.Buffer
	if err := m.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(`<p class="note">Euclidean distances; bertvec neighbors prints their squares.</p>`)) {
		t.Error("the panel does not say which distance it shows")
	}
}
