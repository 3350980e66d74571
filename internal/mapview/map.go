package mapview

import (
	"errors"
	"fmt"
	"math"

	"github.com/bertvec/bertvec/internal/tsne"
)

var (
	// ErrInput reports inconsistent map input.
	ErrInput = errors.New("mapview: bad input")
	// ErrNoFont reports that no Japanese-capable font was found for PNG output.
	ErrNoFont = errors.New("mapview: no Japanese-capable font found")
)

// DefaultNeighbors is how many original-space neighbours each point carries.
const DefaultNeighbors = 10

// Point is one token on the map.
type Point struct {
	X, Y      float64   // position on the map
	Label     string    // the token
	ID        int       // vocabulary id
	Norm      float64   // Euclidean norm of the original vector
	Neighbors []int32   // indices into Map.Points, nearest first, in the original space
	Dist      []float32 // Euclidean distances to Neighbors, in the original space
	// Pinned points are always labelled (the words a map was asked for).
	Pinned bool
}

// Map is everything a page or picture shows.
type Map struct {
	Title   string // page title and heading
	Caption string // one line under the title: method, parameters, source
	Points  []Point
}

// New builds a map from the row-major n×d matrix x, its 2-D layout xy (n×2)
// and one label per row. Point i gets ID i (callers overwrite it with the
// vocabulary id), its vector's norm and its nearest neighbours in x: taken
// from nb when given (its first DefaultNeighbors), else searched.
func New(x []float32, n, d int, xy []float64, labels []string, nb *tsne.Neighbors) (*Map, error) {
	switch {
	case n < 1 || d < 1 || len(x) != n*d:
		return nil, fmt.Errorf("%w: %d values for a %d×%d matrix", ErrInput, len(x), n, d)
	case len(xy) != 2*n:
		return nil, fmt.Errorf("%w: layout has %d values, want %d", ErrInput, len(xy), 2*n)
	case len(labels) != n:
		return nil, fmt.Errorf("%w: %d labels for %d points", ErrInput, len(labels), n)
	}
	k := min(DefaultNeighbors, n-1)
	if k > 0 && (nb == nil || nb.N != n || nb.K < k) {
		var err error
		if nb, err = tsne.NearestNeighbors(x, n, d, k, 0); err != nil {
			return nil, err
		}
	}
	m := &Map{Points: make([]Point, n)}
	for i := range n {
		p := Point{X: xy[2*i], Y: xy[2*i+1], Label: labels[i], ID: i}
		if math.IsNaN(p.X) || math.IsNaN(p.Y) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
			return nil, fmt.Errorf("%w: point %d is at (%v, %v)", ErrInput, i, p.X, p.Y)
		}
		var ss float64
		for _, v := range x[i*d : (i+1)*d] {
			ss += float64(v) * float64(v)
		}
		p.Norm = math.Sqrt(ss)
		if k > 0 {
			idx, d2 := nb.Of(i)
			p.Neighbors = append([]int32(nil), idx[:k]...)
			p.Dist = make([]float32, k)
			for r, v := range d2[:k] {
				p.Dist[r] = float32(math.Sqrt(float64(v)))
			}
		}
		m.Points[i] = p
	}
	return m, nil
}

// bounds returns the layout's bounding box.
func (m *Map) bounds() (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for _, p := range m.Points {
		minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
	}
	return minX, minY, maxX, maxY
}
