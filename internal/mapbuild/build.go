package mapbuild

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"time"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/mapview"
	"github.com/bertvec/bertvec/internal/progress"
	"github.com/bertvec/bertvec/internal/tsne"
	"github.com/bertvec/bertvec/vecdir"
	"github.com/bertvec/bertvec/vocab"
)

// Layout is how the points are placed: t-SNE or PCA.
type Layout int

const (
	TSNE Layout = iota
	PCA
)

// ParseLayout reads "tsne" or "pca".
func ParseLayout(s string) (Layout, error) {
	switch s {
	case "tsne":
		return TSNE, nil
	case "pca":
		return PCA, nil
	}
	return 0, fmt.Errorf("method %q: want tsne or pca", s)
}

// Options is one map to draw; the fields mirror the map command's flags.
type Options struct {
	Vectors string      // directory written by extract (vocab.txt, <kind>.npy)
	Kind    vecdir.Kind // which vectors
	Select  Selection
	Layout  Layout
	TSNE    tsne.Options // perplexity, iterations, init, exact; its Seed also seeds PCA
	Title   string       // "" for "<kind> vectors of <dir>"
	Out     string       // HTML file to write
	PNG     string       // PNG file to write too, or ""
	PNGSize int          // PNG width and height in pixels
	Font    string       // PNG font file, or "" for mapview.FontCandidates
	// Progress receives neighbour-search and iteration progress; nil is quiet.
	Progress io.Writer
}

// Summary says what Build drew.
type Summary struct {
	Tokens  int    // points on the map
	Caption string // the layout and its parameters, e.g. "PCA"
	// PNG counts the picture's labels and those left out for space.
	PNG mapview.PNGStats
}

// Build loads the selected rows, lays them out and writes o.Out (and
// o.PNG), each complete or not at all. It checks the outputs and the font
// before it loads anything.
func Build(o Options) (Summary, error) {
	if err := checkOutputs(o); err != nil {
		return Summary{}, err
	}
	mat, err := vecdir.Open(o.Vectors, o.Kind)
	if err != nil {
		return Summary{}, err
	}
	defer mat.Close()
	voc := mat.Vocab
	ids, err := o.Select.IDs(voc)
	if err != nil {
		return Summary{}, err
	}
	n, d := len(ids), mat.Cols
	if n < 2 {
		return Summary{}, requestf("a map needs at least 2 tokens, got %d", n)
	}
	if p := o.TSNE.Perplexity; o.Layout == TSNE && p >= float64(n) {
		return Summary{}, &OptionError{Option: "perplexity", Value: fmt.Sprint(p), Tokens: n, Request: true,
			Msg: fmt.Sprintf("must be below the number of tokens (%d)", n)}
	}
	x, labels, err := gather(mat, voc, o.Kind, ids)
	if err != nil {
		return Summary{}, err
	}
	xy, caption, nb, err := layout(o, x, n, d)
	if err != nil {
		return Summary{}, err
	}
	m, err := mapview.New(x, n, d, xy, labels, nb)
	if err != nil {
		return Summary{}, err
	}
	for i, id := range ids {
		m.Points[i].ID = id
		m.Points[i].Pinned = o.Select.By == ByWords // asked for by name: always labelled
	}
	m.Title = o.Title
	if m.Title == "" {
		m.Title = fmt.Sprintf("%s vectors of %s", o.Kind, filepath.Base(filepath.Clean(o.Vectors)))
	}
	m.Caption = fmt.Sprintf("%s · %d tokens · nearest neighbours by Euclidean distance in %d-D", caption, n, d)
	if err := atomicfile.Write(o.Out, m.WriteHTML); err != nil {
		return Summary{}, err
	}
	var sum Summary
	if o.PNG != "" {
		po := mapview.PNGOptions{Width: o.PNGSize, Height: o.PNGSize, FontPath: o.Font, Stats: &sum.PNG}
		if err := atomicfile.Write(o.PNG, func(w io.Writer) error { return m.WritePNG(w, po) }); err != nil {
			return Summary{}, err
		}
	}
	sum.Tokens, sum.Caption = n, caption
	return sum, nil
}

// checkOutputs makes sure the PNG will have a font and both files can be
// written, before minutes of work.
func checkOutputs(o Options) error {
	if o.PNG != "" {
		if err := checkFont(o.Font); err != nil {
			return err
		}
	}
	for _, path := range []string{o.Out, o.PNG} {
		if path != "" {
			if err := atomicfile.CheckWritable(path); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkFont(path string) error {
	if path == "" {
		if _, err := mapview.FindFont(mapview.FontCandidates); err != nil {
			return &OptionError{Option: "png", Err: err}
		}
		return nil
	}
	face, err := mapview.LoadFace(path, 12)
	if err != nil {
		return &OptionError{Option: "font", Err: err}
	}
	return face.Close()
}

// gather copies the rows of ids into one row-major matrix with their
// tokens as labels, refusing a NaN or infinite value (t-SNE cannot place it).
func gather(mat *vecdir.Vectors, voc *vocab.Vocab, kind vecdir.Kind, ids []int) ([]float32, []string, error) {
	x := make([]float32, 0, len(ids)*mat.Cols)
	labels := make([]string, len(ids))
	for i, id := range ids {
		row := mat.Row(id)
		for _, v := range row {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, nil, fmt.Errorf("%s: id %d (%q) holds %v", kind.File(), id, voc.Token(id), v)
			}
		}
		x = append(x, row...)
		labels[i] = voc.Token(id)
	}
	return x, labels, nil
}

// layout runs t-SNE or PCA and returns the n×2 layout, a caption, and the
// neighbours it searched (shared with the map's highlight lists).
func layout(o Options, x []float32, n, d int) ([]float64, string, *tsne.Neighbors, error) {
	opt := o.TSNE
	if o.Layout == PCA {
		pca, err := tsne.FitPCA(x, n, d, 2, opt.Seed, 0)
		if err != nil {
			return nil, "", nil, err
		}
		return pca.Transform(x, n), "PCA", nil, nil
	}
	k := min(n-1, mapview.DefaultNeighbors)
	if opt.Algorithm == tsne.BarnesHut {
		k = max(k, min(n-1, int(3*opt.Perplexity)+1))
	}
	if opt.Algorithm == tsne.Exact && n > tsne.MaxExactPoints {
		return nil, "", nil, &OptionError{Option: "exact", Request: true,
			Msg: fmt.Sprintf("handles at most %d tokens (n² memory), got %d", tsne.MaxExactPoints, n)}
	}
	say := func(format string, a ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format, a...)
		}
	}
	began := time.Now()
	say("searching the %d nearest neighbours of %d tokens in %d-D…\n", k, n, d)
	nb, err := tsne.NearestNeighbors(x, n, d, k, 0)
	if err != nil {
		return nil, "", nil, err
	}
	say("neighbours found in %s\n", time.Since(began).Round(time.Millisecond))
	opt.Neighbors = nb
	opt.Progress = progress.Func(o.Progress, progress.Options{Label: "t-SNE", Unit: "iterations"})
	res, err := tsne.Embed(x, n, d, opt)
	if err != nil {
		return nil, "", nil, err
	}
	caption := fmt.Sprintf("t-SNE (%s, perplexity %g, seed %d, %d iterations, KL %.3f)",
		opt.Algorithm, opt.Perplexity, opt.Seed, res.Iterations, res.KL)
	return res.Y, caption, nb, nil
}
