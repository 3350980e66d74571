package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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
	exact, json                                                    bool
	set                                                            map[string]bool // flags given explicitly
}

func init() {
	register(command{"map", "draw a t-SNE or PCA map of tokens (self-contained HTML, PNG)", runMap}, help{
		Usage: "--vectors DIR --out FILE.html [flags]",
		About: fmt.Sprintf(`Lays out token vectors in 2-D with t-SNE (Barnes-Hut) or PCA and writes a
self-contained HTML page (pan, zoom, search, each point's nearest
neighbours), and with --png a picture. The tokens are --first N, --words
or --ids; without them, the first %d ids (as in the article the map
reproduces). The same --seed gives the same map.`, mapbuild.DefaultFirst),
		Examples: []string{
			"bertvec map --vectors vectors --out map.html",
			"bertvec map --vectors vectors --kind static --first 1000 --method pca --out map.html --png map.png",
			"bertvec map --vectors vectors --words 王,女王,男,女 --perplexity 1 --out royals.html",
		},
	})
}

func runMap(args []string, stdout, stderr io.Writer) error {
	var f mapFlags
	fs := newFlagSet("map", stderr)
	fs.StringVar(&f.vectors, "vectors", "", "directory written by extract (vocab.txt and <kind>.npy) (required)")
	fs.StringVar(&f.kind, "kind", "dynamic", "vectors to map: static or dynamic")
	fs.IntVar(&f.first, "first", 0, fmt.Sprintf("map ids 0..N-1 (default: the first %d ids)", mapbuild.DefaultFirst))
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
	fs.BoolVar(&f.json, "json", false, "print what was written as one JSON object")
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
	o.Progress = progressTo(stderr)
	if !f.json { // --json is asked-for output; the text lines are a report
		stdout = reportTo(stdout, stderr)
	}
	return drawMap(o, f.json, stdout)
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
	if len(given) > 1 {
		return o, usagef("give one of --first N, --words W1,W2,... or --ids FILE (got %s)", strings.Join(given, " and "))
	}
	if f.set["first"] && f.first < 1 {
		return o, usagef("--first %d: want a positive count", f.first)
	}
	method, err := mapbuild.ParseLayout(f.method)
	if err != nil {
		return o, usagef("--method %q: want tsne or pca", f.method)
	}
	if !(f.perplexity > 0) || math.IsInf(f.perplexity, 0) {
		return o, usagef("--perplexity %g: want a positive number", f.perplexity)
	}
	if f.iterations < 1 {
		return o, usagef("--iterations %d: want at least 1", f.iterations)
	}
	if f.png != "" && samePath(f.out, f.png) {
		return o, usagef("--out and --png name the same file %s: give the PNG its own name", f.png)
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
		opt.Algorithm = tsne.Exact
	}
	return mapbuild.Options{
		Vectors: f.vectors, Kind: kind, Select: selection(f), Layout: method, TSNE: opt,
		Title: f.title, Out: f.out, PNG: f.png, PNGSize: f.width, Font: f.font,
	}, nil
}

// selection is the one of --first, --words and --ids that was given, or
// the default.
func selection(f mapFlags) mapbuild.Selection {
	switch {
	case f.set["first"]:
		return mapbuild.Selection{By: mapbuild.ByFirst, First: f.first}
	case f.set["words"]:
		return mapbuild.Selection{By: mapbuild.ByWords, Words: f.words}
	case f.set["ids"]:
		return mapbuild.Selection{By: mapbuild.ByIDFile, IDFile: f.ids}
	}
	return mapbuild.Selection{By: mapbuild.ByDefault}
}

// mapJSON is `map --json`; field names are a contract.
type mapJSON struct {
	HTML    string  `json:"html"`
	PNG     string  `json:"png,omitempty"`
	Kind    string  `json:"kind"`
	Tokens  int     `json:"tokens"`
	Caption string  `json:"caption"`
	Seconds float64 `json:"seconds"`
	// PNGLabelsLeftOut is how many labels did not fit in the PNG.
	PNGLabelsLeftOut int `json:"png_labels_left_out,omitempty"`
}

// drawMap builds the map and says what it wrote.
func drawMap(o mapbuild.Options, asJSON bool, stdout io.Writer) error {
	began := time.Now()
	sum, err := mapbuild.Build(o)
	if errors.Is(err, mapbuild.ErrRequest) {
		return usagef("%v", mapHint(err))
	}
	if err != nil {
		return kindHint(mapHint(err))
	}
	took := time.Since(began)
	if asJSON {
		return writeJSONLine(stdout, mapJSON{o.Out, o.PNG, o.Kind.String(), sum.Tokens, sum.Caption, took.Seconds(), sum.PNG.LeftOut})
	}
	fmt.Fprintf(stdout, "wrote %s: %d tokens, %s, in %s\n", o.Out, sum.Tokens, sum.Caption, took.Round(time.Millisecond))
	if o.PNG != "" {
		fmt.Fprintf(stdout, "wrote %s: %d of %d labels left out for space\n", o.PNG, sum.PNG.LeftOut, sum.PNG.Labels)
	}
	return nil
}

// samePath reports whether a and b name one file: the same path once
// cleaned and made absolute, or (when both exist) the same inode.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
