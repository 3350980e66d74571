package tsne

import (
	"math"
	"math/rand/v2"
	"testing"
)

// With theta → 0 every cell is opened, so Barnes-Hut must equal the direct
// sum, duplicates included.
func TestQuadTreeRepulsionExactAtThetaZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const n = 300
	y := make([]float64, 2*n)
	for e := range y {
		y[e] = rng.NormFloat64() * 5
	}
	copy(y[2*10:2*12], y[2*3:2*5]) // points 10 and 11 duplicate 3 and 4
	copy(y[2*12:2*13], y[2*3:2*4]) // a third copy of 3
	var tree quadTree
	tree.build(y)
	var stack []int32
	for i := range n {
		var fx, fy, z float64
		fx, fy, z, stack = tree.repulsion(int32(i), 1e-12, stack)
		var wx, wy, wz float64
		for j := range n {
			if j == i {
				continue
			}
			dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
			w := 1 / (1 + dx*dx + dy*dy)
			wz += w
			wx += w * w * dx
			wy += w * w * dy
		}
		if !near(fx, wx) || !near(fy, wy) || !near(z, wz) {
			t.Fatalf("point %d: tree (%g,%g,%g), direct (%g,%g,%g)", i, fx, fy, z, wx, wy, wz)
		}
	}
	if got := tree.nodes[0].count; got != n {
		t.Errorf("root holds %d points, want %d", got, n)
	}
}

// At the usual theta the approximation stays within a few percent.
func TestQuadTreeRepulsionApproximation(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	const n = 2000
	y := make([]float64, 2*n)
	for e := range y {
		y[e] = rng.NormFloat64() * 20
	}
	var tree quadTree
	tree.build(y)
	var worst float64
	for i := 0; i < n; i += 97 {
		_, _, z, _ := tree.repulsion(int32(i), 0.25, nil)
		var wz float64
		for j := range n {
			if j != i {
				dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
				wz += 1 / (1 + dx*dx + dy*dy)
			}
		}
		worst = math.Max(worst, math.Abs(z-wz)/wz)
	}
	if worst > 0.02 {
		t.Errorf("worst relative error of Z at theta 0.5: %g", worst)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*(1+math.Abs(b)) }
