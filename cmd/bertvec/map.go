package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/bertvec/bertvec/internal/mapview"
	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/internal/tsne"
	"github.com/bertvec/bertvec/internal/vecdir"
	"github.com/bertvec/bertvec/vocab"
)

type mapFlags struct {
	vectors, kind, words, ids, method, out, png, font, init, title string
	first, iterations, width                                       int
	perplexity                                                     float64
	seed                                                           uint64
	exact, quiet                                                   bool
	set                                                            map[string]bool // flags given explicitly
}

func init() {
	register(command{"map", "draw a t-SNE or PCA map of tokens (self-contained HTML, PNG)", runMap})
}

func runMap(args []string, stdout, stderr io.Writer) error {
	var f mapFlags
	fs := newFlagSet("map", stderr)
	fs.StringVar(&f.vectors, "vectors", "", "directory written by extract (vocab.txt and <kind>.npy) (required)")
	fs.StringVar(&f.kind, "kind", "dynamic", "vectors to map: static or dynamic")
	fs.IntVar(&f.first, "first", 0, "map ids 0..N-1")
	fs.StringVar(&f.words, "words", "", "map these tokens, comma-separated")
	fs.StringVar(&f.ids, "ids", "", "map the ids listed in this file (whitespace or commas; # starts a comment)")
	fs.StringVar(&f.method, "method", "tsne", "tsne or pca")
	fs.Float64Var(&f.perplexity, "perplexity", 30, "t-SNE perplexity (must be below the number of tokens)")
	fs.Uint64Var(&f.seed, "seed", 0, "random seed: the same seed gives the same map")
	fs.IntVar(&f.iterations, "iterations", 1000, "t-SNE iterations, the first 250 with early exaggeration")
	fs.StringVar(&f.init, "init", "pca", "t-SNE start: pca or random")
	fs.BoolVar(&f.exact, "exact", false, "exact t-SNE gradients instead of Barnes-Hut (O(n²); small maps only)")
	fs.StringVar(&f.out, "out", "", "HTML file to write (required)")
	fs.StringVar(&f.png, "png", "", "also write a PNG picture here")
	fs.IntVar(&f.width, "png-size", 2400, "PNG width and height in pixels")
	fs.StringVar(&f.font, "font", "", "font file for the PNG (default: Noto Sans CJK JP or IPAGothic from Debian)")
	fs.StringVar(&f.title, "title", "", "page title (default: from --vectors and --kind)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress output")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("map takes no arguments, got %q (did you mean --words?)", rest)
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	opt, kind, err := checkMapFlags(f)
	if err != nil {
		return err
	}
	return drawMap(f, kind, opt, stdout, stderr)
}

// checkMapFlags rejects bad flags, and unwritable outputs, before anything
// is loaded.
func checkMapFlags(f mapFlags) (tsne.Options, vecdir.Kind, error) {
	var opt tsne.Options
	if f.vectors == "" {
		return opt, 0, usagef("--vectors is required (a directory written by bertvec extract)")
	}
	if f.out == "" {
		return opt, 0, usagef("--out is required (the HTML file to write)")
	}
	kind, err := vecdir.ParseKind(f.kind)
	if err != nil {
		return opt, 0, usagef("--kind: %v", err)
	}
	var given []string
	for _, name := range []string{"first", "words", "ids"} {
		if f.set[name] {
			given = append(given, "--"+name)
		}
	}
	if len(given) != 1 {
		what := "none"
		if len(given) > 1 {
			what = strings.Join(given, " and ")
		}
		return opt, 0, usagef("give exactly one of --first N, --words W1,W2,... or --ids FILE (got %s)", what)
	}
	if f.set["first"] && f.first < 1 {
		return opt, 0, usagef("--first %d: want a positive count", f.first)
	}
	if f.method != "tsne" && f.method != "pca" {
		return opt, 0, usagef("--method %q: want tsne or pca", f.method)
	}
	if !(f.perplexity > 0) || math.IsInf(f.perplexity, 0) {
		return opt, 0, usagef("--perplexity %g: want a positive number", f.perplexity)
	}
	if f.iterations < 1 {
		return opt, 0, usagef("--iterations %d: want at least 1", f.iterations)
	}
	if f.width < 100 || f.width > 20000 {
		return opt, 0, usagef("--png-size %d: want 100..20000", f.width)
	}
	init, err := tsne.ParseInit(f.init)
	if err != nil {
		return opt, 0, usagef("--init %q: want pca or random", f.init)
	}
	if f.png != "" {
		if err := checkFont(f.font); err != nil {
			return opt, 0, err
		}
	}
	for _, path := range []string{f.out, f.png} {
		if path != "" {
			if err := mapview.CheckWritable(path); err != nil {
				return opt, 0, err
			}
		}
	}
	opt = tsne.Options{Perplexity: f.perplexity, Iterations: f.iterations, Seed: f.seed, Init: init}
	if f.exact {
		opt.Method = tsne.Exact
	}
	return opt, kind, nil
}

// checkFont makes sure the PNG will have a font before minutes of work.
func checkFont(path string) error {
	if path == "" {
		if _, err := mapview.FindFont(mapview.FontCandidates); err != nil {
			return fmt.Errorf("--png: %w (or pass --font)", err)
		}
		return nil
	}
	face, err := mapview.LoadFace(path, 12)
	if err != nil {
		return fmt.Errorf("--font: %w", err)
	}
	return face.Close()
}

func drawMap(f mapFlags, kind vecdir.Kind, opt tsne.Options, stdout, stderr io.Writer) error {
	began := time.Now()
	voc, err := vocab.Load(filepath.Join(f.vectors, vecdir.VocabFile))
	if err != nil {
		return err
	}
	mat, err := npy.Open(filepath.Join(f.vectors, kind.File()))
	if err != nil {
		return err
	}
	defer mat.Close()
	if mat.Rows != voc.Len() {
		return fmt.Errorf("%s has %d rows but %s has %d tokens: not one extract run", kind.File(), mat.Rows, vecdir.VocabFile, voc.Len())
	}
	ids, err := selectIDs(f, voc)
	if err != nil {
		return err
	}
	n, d := len(ids), mat.Cols
	if n < 2 {
		return usagef("a map needs at least 2 tokens, got %d", n)
	}
	if f.method == "tsne" && f.perplexity >= float64(n) {
		return usagef("--perplexity %g must be below the number of tokens (%d): lower it (e.g. --perplexity %d) or use --method pca",
			f.perplexity, n, max(1, (n-1)/3))
	}
	x := make([]float32, 0, n*d)
	labels := make([]string, n)
	for i, id := range ids {
		row := mat.Row(id)
		for _, v := range row {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("%s: id %d (%q) holds %v", kind.File(), id, voc.Token(id), v)
			}
		}
		x = append(x, row...)
		labels[i] = voc.Token(id)
	}
	xy, caption, nb, err := layout(f, opt, x, n, d, stderr)
	if err != nil {
		return err
	}
	m, err := mapview.New(x, n, d, xy, labels, nb)
	if err != nil {
		return err
	}
	for i, id := range ids {
		m.Points[i].ID = id
	}
	m.Title = f.title
	if m.Title == "" {
		m.Title = fmt.Sprintf("%s vectors of %s", kind, filepath.Base(filepath.Clean(f.vectors)))
	}
	m.Caption = fmt.Sprintf("%s · %d tokens · nearest neighbours by Euclidean distance in %d-D", caption, n, d)
	if err := mapview.WriteFile(f.out, m.WriteHTML); err != nil {
		return err
	}
	if f.png != "" {
		po := mapview.PNGOptions{Width: f.width, Height: f.width, FontPath: f.font}
		if err := mapview.WriteFile(f.png, func(w io.Writer) error { return m.WritePNG(w, po) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %s: %d tokens, %s, in %s\n", f.out, n, caption, time.Since(began).Round(time.Millisecond))
	if f.png != "" {
		fmt.Fprintf(stdout, "wrote %s\n", f.png)
	}
	return nil
}

// layout runs t-SNE or PCA and returns the n×2 layout, a caption, and the
// neighbours it searched (shared with the map's highlight lists).
func layout(f mapFlags, opt tsne.Options, x []float32, n, d int, stderr io.Writer) ([]float64, string, *tsne.Neighbors, error) {
	k := min(n-1, mapview.DefaultNeighbors)
	if f.method == "pca" {
		pca, err := tsne.FitPCA(x, n, d, 2, f.seed, 0)
		if err != nil {
			return nil, "", nil, err
		}
		return pca.Transform(x, n), "PCA", nil, nil
	}
	if opt.Method == tsne.BarnesHut {
		k = max(k, min(n-1, int(3*opt.Perplexity)+1))
	}
	if opt.Method == tsne.Exact && n > tsne.MaxExactPoints {
		return nil, "", nil, usagef("--exact handles at most %d tokens (n² memory), got %d", tsne.MaxExactPoints, n)
	}
	say := func(format string, a ...any) {
		if !f.quiet {
			fmt.Fprintf(stderr, format, a...)
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
	if !f.quiet {
		opt.Progress = iterationProgress(stderr)
	}
	res, err := tsne.Embed(x, n, d, opt)
	if err != nil {
		return nil, "", nil, err
	}
	caption := fmt.Sprintf("t-SNE (%s, perplexity %g, seed %d, %d iterations, KL %.3f)",
		opt.Method, opt.Perplexity, opt.Seed, res.Iterations, res.KL)
	return res.Y, caption, nb, nil
}

// iterationProgress shows t-SNE's iterations: a bar on a terminal, a line
// per 10% elsewhere (a log, CI).
func iterationProgress(w io.Writer) func(done, total int) {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription("t-SNE"),
					progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionSetWidth(30),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
				)
			}
			bar.Set(done)
		}
	}
	began := time.Now()
	return func(done, total int) {
		if done*10/total != (done-1)*10/total {
			fmt.Fprintf(w, "t-SNE: %d/%d iterations (%s)\n", done, total, time.Since(began).Round(time.Millisecond))
		}
	}
}

// selectIDs resolves --first, --words or --ids to vocabulary ids, in the
// order given, without repeats.
func selectIDs(f mapFlags, voc *vocab.Vocab) ([]int, error) {
	switch {
	case f.set["first"]:
		if f.first > voc.Len() {
			return nil, usagef("--first %d is more than the %d tokens in vocab.txt", f.first, voc.Len())
		}
		ids := make([]int, f.first)
		for i := range ids {
			ids[i] = i
		}
		return ids, nil
	case f.set["words"]:
		return wordIDs(f.words, voc)
	}
	file, err := os.Open(f.ids)
	if err != nil {
		return nil, fmt.Errorf("--ids: %w", err)
	}
	defer file.Close()
	return parseIDList(file, f.ids, voc.Len())
}

// wordIDs looks up comma-separated tokens, reporting every unknown one.
func wordIDs(list string, voc *vocab.Vocab) ([]int, error) {
	var ids []int
	var unknown []string
	seen := map[int]bool{}
	for _, w := range strings.Split(list, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		id, ok := voc.ID(w)
		if !ok {
			unknown = append(unknown, strconv.Quote(w))
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(unknown) > 0 {
		return nil, usagef("--words: not in vocab.txt: %s", strings.Join(unknown, ", "))
	}
	return ids, nil
}

// parseIDList reads ids separated by whitespace or commas; "#" starts a
// comment. Every id must be below size; repeats are dropped.
func parseIDList(r io.Reader, name string, size int) ([]int, error) {
	var ids []int
	seen := map[int]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		for _, field := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			id, err := strconv.Atoi(field)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %q is not an id", name, line, field)
			}
			if id < 0 || id >= size {
				return nil, fmt.Errorf("%s:%d: id %d is outside the vocabulary (0..%d)", name, line, id, size-1)
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no ids", name)
	}
	return ids, nil
}
