package tsne

import "math"

// maxTreeDepth stops subdividing when points are (almost) on top of each
// other; such points share a leaf.
const maxTreeDepth = 48

// quadNode is one cell of the Barnes-Hut quadtree.
type quadNode struct {
	cx, cy, half float64 // cell centre and half width
	mx, my       float64 // sum of the positions below, then their mean
	count        int32   // points below
	child        int32   // index of the first of four children; -1 for a leaf
	point        int32   // a leaf's first point; -1 when empty
}

// quadTree is rebuilt every iteration from the 2-D layout. Points are
// inserted in index order, so the tree, and every sum taken over it, is
// the same on every run.
type quadTree struct {
	nodes []quadNode
	y     []float64 // n×2 layout the tree was built from
}

func (t *quadTree) build(y []float64) {
	t.y = y
	t.nodes = t.nodes[:0]
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := 0; i < len(y); i += 2 {
		minX, maxX = math.Min(minX, y[i]), math.Max(maxX, y[i])
		minY, maxY = math.Min(minY, y[i+1]), math.Max(maxY, y[i+1])
	}
	half := math.Max(maxX-minX, maxY-minY)/2*(1+1e-6) + 1e-12
	t.nodes = append(t.nodes, quadNode{cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, half: half, child: -1, point: -1})
	for i := 0; i < len(y)/2; i++ {
		t.insert(int32(i))
	}
	for k := range t.nodes {
		if c := float64(t.nodes[k].count); c > 0 {
			t.nodes[k].mx /= c
			t.nodes[k].my /= c
		}
	}
}

func (t *quadTree) insert(p int32) {
	px, py := t.y[2*p], t.y[2*p+1]
	k := int32(0)
	for depth := 0; ; depth++ {
		nd := &t.nodes[k]
		nd.mx += px
		nd.my += py
		nd.count++
		if nd.child >= 0 {
			k = nd.child + quadrant(nd, px, py)
			continue
		}
		if nd.point < 0 {
			nd.point = p
			return
		}
		q := nd.point
		if (t.y[2*q] == px && t.y[2*q+1] == py) || depth >= maxTreeDepth {
			return // duplicate: the leaf counts it, its position is q's
		}
		t.split(k)
		nd = &t.nodes[k]
		// Push the points already here (count−1 of them, all at q's
		// position) into the right child, then keep descending with p.
		c := nd.child + quadrant(nd, t.y[2*q], t.y[2*q+1])
		cn := &t.nodes[c]
		prev := nd.count - 1
		cn.point, cn.count = q, prev
		cn.mx, cn.my = float64(prev)*t.y[2*q], float64(prev)*t.y[2*q+1]
		nd.point = -1
		k = nd.child + quadrant(nd, px, py)
	}
}

// split gives leaf k four empty children.
func (t *quadTree) split(k int32) {
	nd := t.nodes[k]
	h := nd.half / 2
	first := int32(len(t.nodes))
	for q := range 4 {
		cx, cy := nd.cx-h, nd.cy-h
		if q&1 != 0 {
			cx = nd.cx + h
		}
		if q&2 != 0 {
			cy = nd.cy + h
		}
		t.nodes = append(t.nodes, quadNode{cx: cx, cy: cy, half: h, child: -1, point: -1})
	}
	t.nodes[k].child = first
}

func quadrant(nd *quadNode, x, y float64) int32 {
	var q int32
	if x >= nd.cx {
		q |= 1
	}
	if y >= nd.cy {
		q |= 2
	}
	return q
}

// repulsion returns, for point i, Σ_j w_ij²·(y_i − y_j) and Σ_j w_ij with
// w_ij = 1/(1+|y_i − y_j|²), summarising a cell by its centre of mass when
// its width is below theta times its distance. stack is scratch space.
func (t *quadTree) repulsion(i int32, theta2 float64, stack []int32) (fx, fy, z float64, _ []int32) {
	yx, yy := t.y[2*i], t.y[2*i+1]
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		nd := &t.nodes[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		if nd.count == 0 {
			continue
		}
		dx, dy := yx-nd.mx, yy-nd.my
		d2 := dx*dx + dy*dy
		if nd.child < 0 || 4*nd.half*nd.half < theta2*d2 {
			cnt := float64(nd.count)
			if nd.child < 0 && d2 == 0 {
				// i's own leaf (or its duplicates): no push, but the
				// duplicates still add w = 1 each to the normaliser.
				cnt--
			}
			w := 1 / (1 + d2)
			z += cnt * w
			fx += cnt * w * w * dx
			fy += cnt * w * w * dy
			continue
		}
		for q := int32(3); q >= 0; q-- {
			stack = append(stack, nd.child+q)
		}
	}
	return fx, fy, z, stack
}
