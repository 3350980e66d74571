// Command genckpt writes a BERT checkpoint with random weights, shaped like
// a real one, for benchmarks and tests that need a big model without a
// download (internal/genckpt generates it; this is its command line):
//
//	go run ./cmd/genckpt -out build/bert-base-random -vocab 32000 -hidden 768 \
//	    -layers 12 -heads 12 -intermediate 3072 -seed 1
//
// The output depends only on the flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bertvec/bertvec/internal/genckpt"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var u usageError
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		// -h: flag printed the usage

	case errors.As(err, &u):
		fmt.Fprintf(os.Stderr, "genckpt: %v\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "genckpt: %v\n", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("genckpt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s genckpt.Spec
	out := fs.String("out", "", "output directory (created; files in it are replaced)")
	fs.IntVar(&s.Vocab, "vocab", 32000, "vocabulary size")
	fs.IntVar(&s.Hidden, "hidden", 768, "hidden size")
	fs.IntVar(&s.Layers, "layers", 12, "encoder layers")
	fs.IntVar(&s.Heads, "heads", 12, "attention heads")
	fs.IntVar(&s.Intermediate, "intermediate", 3072, "feed-forward size")
	fs.IntVar(&s.Positions, "positions", 512, "max_position_embeddings")
	fs.Float64Var(&s.Std, "std", 0.02, "initializer_range: standard deviation of the weights")
	fs.Uint64Var(&s.Seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()} // flag has printed it with the usage
	}
	if *out == "" || fs.NArg() > 0 {
		return usageError{"usage: genckpt -out DIR [-vocab N -hidden N -layers N -heads N -intermediate N -positions N -std X -seed N]"}
	}
	start := time.Now()
	if err := genckpt.Generate(*out, s); err != nil {
		if errors.Is(err, genckpt.ErrSpec) {
			return usageError{err.Error()}
		}
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d parameters) in %.1fs\n", *out, s.Params(), time.Since(start).Seconds())
	return nil
}
