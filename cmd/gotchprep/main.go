package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/env"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gotchprep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: GOWORK=off go run ./cmd/gotchprep [flags]\n\n"+
			"Prepares build/gotch (gotch with cgo flags and stubs for this machine's libtorch)\n"+
			"and a go.work that uses it. %s=/path/to/libtorch selects a libtorch other than Debian's.\n\n", env.Libtorch.Name)
		fs.PrintDefaults()
	}
	repo := fs.String("repo", ".", "repository root (the directory holding go.mod)")
	cuda := fs.String("cuda", "auto", "link libtorch's CUDA libraries: auto (when libtorch_cuda.so exists), on, off")
	force := fs.Bool("force", false, "redo everything even when build/gotch is up to date")
	check := fs.Bool("check", true, "verify the stubs by compiling libtch/torch_api.cpp with g++ -fsyntax-only")
	verify := fs.Bool("verify", true, "build and run a small gotch program through go.work (fills the build cache)")
	rounds := fs.Int("rounds", 4, "most compile-and-stub rounds before giving up")
	quiet := fs.Bool("q", false, "print only the final line")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gotchprep: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return 2
	}
	mode, err := ParseCUDAMode(*cuda)
	if err != nil {
		fmt.Fprintf(stderr, "gotchprep: %v\n", err)
		return 2
	}
	root, err := filepath.Abs(*repo)
	if err != nil {
		fmt.Fprintf(stderr, "gotchprep: %v\n", err)
		return 2
	}
	cxx := os.Getenv("CXX") // the compiler cgo uses too
	if cxx == "" {
		cxx = "g++"
	}
	o := Options{Repo: root, Libtorch: env.Libtorch.String(""), CUDA: mode, Force: *force,
		SyntaxCheck: *check, Verify: *verify, MaxRounds: *rounds, CXX: cxx, Log: stderr}
	if *quiet {
		o.Log = nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := Prep(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "gotchprep: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}
