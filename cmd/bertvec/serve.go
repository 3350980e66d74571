package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/bertvec/bertvec/serve"
)

func init() {
	register(command{"serve", "a word-arithmetic page and JSON API on a local web server", runServe}, help{
		Usage: "--vectors DIR [--addr 127.0.0.1:8080] [--model DIR] [flags]",
		About: `Serves a page for word arithmetic (an expression box, the results table and
a map of the vectors) at / and a JSON API at /api/ (described at
/api/openapi.json; answers have the schema of the CLI's --json). It listens
on this machine only unless --addr says otherwise. Ctrl-C or SIGTERM stops
it: requests in flight finish (up to --grace), then it exits 0.`,
		Examples: []string{
			"bertvec serve --vectors vectors",
			"bertvec serve --vectors vectors --model ~/models/bert-base-japanese --addr 127.0.0.1:0",
			"curl 'http://127.0.0.1:8080/api/analogy?q=王-男%2B女&k=5'",
		},
	})
}

type serveFlags struct {
	vectors, addr, model, cors string
	grace                      time.Duration
	maxK, maxBatch             int
}

func runServe(args []string, stdout, stderr io.Writer) error {
	var f serveFlags
	fs := newFlagSet("serve", stderr)
	fs.StringVar(&f.vectors, "vectors", "", "vectors directory written by bertvec extract (required); every kind in it is served")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	fs.StringVar(&f.model, "model", "", "checkpoint directory or Hub id ORG/NAME[@REV]: adds /api/tokenize and /api/dynamic (unseen words)")
	fs.StringVar(&f.cors, "cors", "", "let pages from this one origin call the API (default: no CORS)")
	fs.DurationVar(&f.grace, "grace", 10*time.Second, "on Ctrl-C or SIGTERM, how long requests in flight may take to finish")
	fs.IntVar(&f.maxK, "max-k", serve.DefaultLimits().MaxK, "largest k a request may ask for")
	fs.IntVar(&f.maxBatch, "max-batch", serve.DefaultLimits().MaxBatch, "most queries in one request")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve takes no arguments, got %q", rest)
	}
	if f.vectors == "" {
		return usagef("--vectors is required (a directory written by bertvec extract)")
	}
	if f.grace <= 0 {
		return usagef("--grace %s: want a positive duration", f.grace)
	}
	lim := serve.DefaultLimits()
	if f.maxK < 1 {
		return usagef("--max-k %d: want 1 or more", f.maxK)
	}
	if f.maxBatch < 1 {
		return usagef("--max-batch %d: want 1 or more", f.maxBatch)
	}
	lim.MaxK, lim.MaxBatch = f.maxK, f.maxBatch
	if _, _, err := net.SplitHostPort(f.addr); err != nil {
		return usagef("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", f.addr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := serve.Config{Vectors: f.vectors, Limits: lim, CORS: f.cors, Log: stderr, LoopbackOnly: serve.IsLoopback(f.addr),
		NoModelHint: "start bertvec serve with --model DIR (or ORG/NAME) to use it"}
	if f.model != "" {
		m, err := loadServeModel(ctx, f.model, f.vectors, stderr)
		if err != nil {
			return err
		}
		defer m.Close()
		cfg.Model = m
	}
	srv, err := serve.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	if !cfg.LoopbackOnly {
		fmt.Fprintf(stderr, "warning: listening on %s, which other machines can reach: anyone who can connect can query these vectors\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", f.vectors, ln.Addr())
	served := make(chan struct{})
	defer close(served)
	go func() {
		select {
		case <-ctx.Done():
			stop() // a second Ctrl-C ends the process at once
			fmt.Fprintf(stderr, "stopping: requests in flight have %s to finish (Ctrl-C again to quit now)\n", f.grace)
		case <-served:
		}
	}()
	if err := srv.Serve(ctx, ln, f.grace); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "stopped")
	return nil
}
