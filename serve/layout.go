package serve

import (
	"fmt"
	"math"
	"strconv"

	"github.com/bertvec/bertvec/internal/tsne"
	"github.com/bertvec/bertvec/search"
)

// layoutSample is how many rows the map's PCA is fitted on: enough for two
// stable components, few enough that start-up takes a second, not
// minutes. Every row is then projected, so every token is on the map.
const layoutSample = 2000

// layout is a kind's map: every row projected on the two leading
// principal components (internal/tsne's PCA, the map command's engine),
// so that any query vector can be placed on it exactly by the same
// projection.
type layout struct {
	pca     *tsne.PCA
	X, Y    []float32
	Caption string
}

// mapJSON is what /api/map returns: one entry per id, column by column.
type mapJSON struct {
	Kind    string    `json:"kind"`
	Caption string    `json:"caption"`
	X       []float32 `json:"x"`
	Y       []float32 `json:"y"`
	Label   []string  `json:"label"`
}

// buildLayout fits the PCA on an even sample of the rows (finite ones
// only) and projects them all.
func buildLayout(st *search.Store) (*layout, error) {
	n, d := st.Len(), st.Dim()
	step := max(1, n/layoutSample)
	var sample []float32
	m := 0
	for i := 0; i < n; i += step {
		row := st.Vector(i)
		if finite(row) {
			sample = append(sample, row...)
			m++
		}
	}
	if m < 2 {
		return nil, fmt.Errorf("a map needs at least 2 finite vectors, %s has %d", st.Kind(), m)
	}
	pca, err := tsne.FitPCA(sample, m, d, 2, 1, 0)
	if err != nil {
		return nil, err
	}
	l := &layout{pca: pca, X: make([]float32, n), Y: make([]float32, n)}
	for i := range n {
		l.X[i], l.Y[i] = l.project(st.Vector(i))
	}
	l.Caption = fmt.Sprintf("PCA of %d %s vectors (fitted on %d), %d-D", n, st.Kind(), m, d)
	return l, nil
}

// project places one vector on the map; a non-finite one at the origin.
func (l *layout) project(v []float32) (x, y float32) {
	p := l.pca.Transform(v, 1)
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return 0, 0
	}
	return round4(p[0]), round4(p[1])
}

// round4 keeps four significant decimals, plenty for a picture, so the
// map's JSON stays small.
func round4(v float64) float32 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 5, 64), 32)
	return float32(f)
}

func finite(v []float32) bool {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}

// getLayout waits for the kind's layout, which New starts building.
func (k *kind) getLayout(done <-chan struct{}) (*layout, error) {
	select {
	case <-k.layoutDone:
		return k.layout, k.layoutErr
	case <-done:
		return nil, errCanceled
	}
}
