package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/bertvec/bertvec/internal/mapbuild"
	"github.com/bertvec/bertvec/internal/tsne"
	"github.com/bertvec/bertvec/vecdir"
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
	o, err := checkMapFlags(f)
	if err != nil {
		return err
	}
	if !f.quiet {
		o.Progress = stderr
	}
	return drawMap(o, stdout)
}

// checkMapFlags rejects bad flags and turns them into the map to build.
func checkMapFlags(f mapFlags) (mapbuild.Options, error) {
	var o mapbuild.Options
	if f.vectors == "" {
		return o, usagef("--vectors is required (a directory written by bertvec extract)")
	}
	if f.out == "" {
		return o, usagef("--out is required (the HTML file to write)")
	}
	kind, err := vecdir.ParseKind(f.kind)
	if err != nil {
		return o, usagef("--kind: %v", err)
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
		return o, usagef("give exactly one of --first N, --words W1,W2,... or --ids FILE (got %s)", what)
	}
	if f.set["first"] && f.first < 1 {
		return o, usagef("--first %d: want a positive count", f.first)
	}
	method, err := mapbuild.ParseMethod(f.method)
	if err != nil {
		return o, usagef("--method %q: want tsne or pca", f.method)
	}
	if !(f.perplexity > 0) || math.IsInf(f.perplexity, 0) {
		return o, usagef("--perplexity %g: want a positive number", f.perplexity)
	}
	if f.iterations < 1 {
		return o, usagef("--iterations %d: want at least 1", f.iterations)
	}
	if f.width < 100 || f.width > 20000 {
		return o, usagef("--png-size %d: want 100..20000", f.width)
	}
	init, err := tsne.ParseInit(f.init)
	if err != nil {
		return o, usagef("--init %q: want pca or random", f.init)
	}
	opt := tsne.Options{Perplexity: f.perplexity, Iterations: f.iterations, Seed: f.seed, Init: init}
	if f.exact {
		opt.Method = tsne.Exact
	}
	return mapbuild.Options{
		Vectors: f.vectors, Kind: kind, Select: selection(f), Method: method, TSNE: opt,
		Title: f.title, Out: f.out, PNG: f.png, PNGSize: f.width, Font: f.font,
	}, nil
}

// selection is the one of --first, --words and --ids that was given.
func selection(f mapFlags) mapbuild.Selection {
	switch {
	case f.set["first"]:
		return mapbuild.Selection{By: mapbuild.ByFirst, First: f.first}
	case f.set["words"]:
		return mapbuild.Selection{By: mapbuild.ByWords, Words: f.words}
	}
	return mapbuild.Selection{By: mapbuild.ByIDFile, IDFile: f.ids}
}

// drawMap builds the map and says what it wrote.
func drawMap(o mapbuild.Options, stdout io.Writer) error {
	began := time.Now()
	sum, err := mapbuild.Build(o)
	if errors.Is(err, mapbuild.ErrRequest) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d tokens, %s, in %s\n", o.Out, sum.Tokens, sum.Caption, time.Since(began).Round(time.Millisecond))
	if o.PNG != "" {
		fmt.Fprintf(stdout, "wrote %s\n", o.PNG)
	}
	return nil
}
