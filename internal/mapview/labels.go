package mapview

import "image"

// labelBox is a placed label: point i's text with its top-left corner at
// (x, y).
type labelBox struct{ i, x, y int }

// labelPlan is where the PNG's labels go and how many did not fit.
type labelPlan struct {
	boxes   []labelBox
	omitted int // labels left out for space
	total   int // points with a label
}

// placeLabels places each label beside its point at px, inside area (the
// picture less a margin), never overlapping an earlier one: pinned points
// first and always (moved inside area if need be, overlapping if they
// must), then the others greedily in point order, to the right of the
// point or else to its left. A label that fits nowhere is left out and
// counted. width measures a label in pixels; h is the label height.
func placeLabels(pts []Point, px [][2]float64, width func(string) int, h int, area image.Rectangle, radius float64) labelPlan {
	var plan labelPlan
	grid := newOccupancy(area.Max.X+1, area.Max.Y+1, 6)
	try := func(i int, force bool) bool {
		w := width(pts[i].Label)
		y := int(px[i][1]) - h/2
		y = min(max(y, area.Min.Y), area.Max.Y-h)
		right := int(px[i][0] + radius + 3)
		left := int(px[i][0]-radius-3) - w
		for _, x := range []int{right, left} {
			if x >= area.Min.X && x+w <= area.Max.X && grid.free(x, y, w, h) {
				grid.mark(x, y, w, h)
				plan.boxes = append(plan.boxes, labelBox{i, x, y})
				return true
			}
		}
		if !force {
			return false
		}
		x := min(max(right, area.Min.X), area.Max.X-w)
		if x < area.Min.X { // wider than the area: start at its edge
			x = area.Min.X
		}
		grid.mark(x, y, w, h)
		plan.boxes = append(plan.boxes, labelBox{i, x, y})
		return true
	}
	for i, p := range pts {
		if p.Label != "" && p.Pinned {
			plan.total++
			try(i, true)
		}
	}
	for i, p := range pts {
		if p.Label == "" || p.Pinned {
			continue
		}
		plan.total++
		if !try(i, false) {
			plan.omitted++
		}
	}
	return plan
}

// occupancy is a coarse grid of the pixels labels already cover.
type occupancy struct {
	cell, cols, rows int
	taken            []bool
}

func newOccupancy(w, h, cell int) *occupancy {
	cols, rows := (w+cell-1)/cell, (h+cell-1)/cell
	return &occupancy{cell: cell, cols: cols, rows: rows, taken: make([]bool, cols*rows)}
}

// cells returns the box's cell range, clipped to the grid.
func (g *occupancy) cells(x, y, w, h int) (c0, c1, r0, r1 int) {
	c0, c1 = max(0, x/g.cell), min(g.cols-1, (x+w)/g.cell)
	r0, r1 = max(0, y/g.cell), min(g.rows-1, (y+h)/g.cell)
	return
}

// free reports whether no claimed box overlaps (x, y, w, h).
func (g *occupancy) free(x, y, w, h int) bool {
	c0, c1, r0, r1 := g.cells(x, y, w, h)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			if g.taken[r*g.cols+c] {
				return false
			}
		}
	}
	return true
}

// mark claims the box (x, y, w, h).
func (g *occupancy) mark(x, y, w, h int) {
	c0, c1, r0, r1 := g.cells(x, y, w, h)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			g.taken[r*g.cols+c] = true
		}
	}
}
