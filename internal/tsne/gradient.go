package tsne

import "math"

// gradient computes the KL-divergence gradient of layout y into grad:
//
//	∂C/∂y_i = 4·Σ_j (exag·p_ij − q_ij)·w_ij·(y_i − y_j),  w_ij = 1/(1+|y_i−y_j|²), q_ij = w_ij/Z
//
// Each chunk of points accumulates its own share of Z in zPart; the shares
// are added in chunk order, so the result does not depend on scheduling.
type gradient interface {
	compute(y, grad []float64, exag float64)
	kl(y []float64) float64
}

// bhGradient is Barnes-Hut: sparse attraction, quadtree repulsion.
type bhGradient struct {
	p       *sparseP
	theta2  float64
	workers int
	tree    quadTree
	rep     []float64 // n×2 repulsion before division by Z
	zPart   []float64
	stacks  [][]int32 // one traversal stack per chunk, reused
}

func newBHGradient(p *sparseP, n int, theta float64, workers int) *bhGradient {
	return &bhGradient{
		p: p, theta2: theta * theta, workers: workers,
		rep: make([]float64, 2*n), zPart: make([]float64, numChunks(n)),
		stacks: make([][]int32, numChunks(n)),
	}
}

func (g *bhGradient) compute(y, grad []float64, exag float64) {
	g.tree.build(y)
	n := len(y) / 2
	forChunks(n, g.workers, func(c, lo, hi int) {
		var z float64
		stack := g.stacks[c]
		for i := lo; i < hi; i++ {
			var fx, fy, zi float64
			fx, fy, zi, stack = g.tree.repulsion(int32(i), g.theta2, stack)
			g.rep[2*i], g.rep[2*i+1] = fx, fy
			z += zi
			// Attraction over i's row of P.
			var ax, ay float64
			yx, yy := y[2*i], y[2*i+1]
			for e := g.p.rowPtr[i]; e < g.p.rowPtr[i+1]; e++ {
				j := g.p.col[e]
				dx, dy := yx-y[2*j], yy-y[2*j+1]
				pw := g.p.val[e] / (1 + dx*dx + dy*dy)
				ax += pw * dx
				ay += pw * dy
			}
			grad[2*i], grad[2*i+1] = ax, ay
		}
		g.stacks[c] = stack
		g.zPart[c] = z
	})
	finishGradient(grad, g.rep, g.zPart, exag)
}

// exactGradient sums over every pair with a dense P.
type exactGradient struct {
	p       []float64 // n×n
	workers int
	rep     []float64
	zPart   []float64
}

func newExactGradient(p []float64, n, workers int) *exactGradient {
	return &exactGradient{p: p, workers: workers, rep: make([]float64, 2*n), zPart: make([]float64, numChunks(n))}
}

func (g *exactGradient) compute(y, grad []float64, exag float64) {
	n := len(y) / 2
	forChunks(n, g.workers, func(c, lo, hi int) {
		var z float64
		for i := lo; i < hi; i++ {
			yx, yy := y[2*i], y[2*i+1]
			row := g.p[i*n : (i+1)*n]
			var ax, ay, rx, ry float64
			for j := range n {
				if j == i {
					continue
				}
				dx, dy := yx-y[2*j], yy-y[2*j+1]
				w := 1 / (1 + dx*dx + dy*dy)
				z += w
				pw := row[j] * w
				ax += pw * dx
				ay += pw * dy
				ww := w * w
				rx += ww * dx
				ry += ww * dy
			}
			grad[2*i], grad[2*i+1] = ax, ay
			g.rep[2*i], g.rep[2*i+1] = rx, ry
		}
		g.zPart[c] = z
	})
	finishGradient(grad, g.rep, g.zPart, exag)
}

// finishGradient turns attraction (in grad) and repulsion into the
// gradient, once Z is known.
func finishGradient(grad, rep, zPart []float64, exag float64) {
	inv := 1 / max(sumParts(zPart), 1e-300)
	for k := range grad {
		grad[k] = 4 * (exag*grad[k] - rep[k]*inv)
	}
}

// sumParts adds the per-chunk shares of the normaliser Z from the last compute.
func sumParts(zPart []float64) float64 {
	var z float64
	for _, v := range zPart {
		z += v
	}
	return z
}

// kl returns KL(P‖Q) of layout y, with Z from the quadtree.
func (g *bhGradient) kl(y []float64) float64 {
	g.compute(y, make([]float64, len(y)), 1)
	z := sumParts(g.zPart)
	var s float64
	for i := range len(y) / 2 {
		for e := g.p.rowPtr[i]; e < g.p.rowPtr[i+1]; e++ {
			j := g.p.col[e]
			dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
			if p := g.p.val[e]; p > 0 {
				s += p * math.Log(p*z*(1+dx*dx+dy*dy))
			}
		}
	}
	return s
}

// kl returns KL(P‖Q) of layout y over every pair.
func (g *exactGradient) kl(y []float64) float64 {
	g.compute(y, make([]float64, len(y)), 1)
	z := sumParts(g.zPart)
	n := len(y) / 2
	var s float64
	for i := range n {
		for j := range n {
			dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
			if p := g.p[i*n+j]; p > 0 && i != j {
				s += p * math.Log(p*z*(1+dx*dx+dy*dy))
			}
		}
	}
	return s
}
