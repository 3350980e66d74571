// Command bertvec turns a Hugging Face BERT checkpoint into word vectors
// and answers questions about them. Each subcommand lives in a file of its
// own and registers itself in init; this file only dispatches and owns the
// exit statuses (see exitCode).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// command is one subcommand: it parses its own flags from args and returns
// an error for the user. A *usageError exits 2, any other error exits 1.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

// register adds a command and, optionally, its help page.
func register(c command, h ...help) {
	commands[c.name] = c
	if len(h) > 0 {
		helps[c.name] = h[0]
	}
}

// usageError marks a mistake in how the command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// helpRequest is what parseFlags returns for -h: runMain prints the page
// to stdout.
type helpRequest struct{ fs *flag.FlagSet }

func (*helpRequest) Error() string { return "help requested" }
func (*helpRequest) Unwrap() error { return flag.ErrHelp }

// Exit statuses. Go's runtime exits 2 on an unrecovered panic, the usage
// code, so runMain recovers and reports a crash as exitInternal instead.
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitInternal = 3
)

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

func runMain(args []string, stdout, stderr io.Writer) (code int) {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 && args[0] == "help" && args[1] != "help" {
			if _, ok := commands[args[1]]; ok {
				return runMain([]string{args[1], "-h"}, stdout, stderr)
			}
			fmt.Fprintf(stderr, "bertvec help: unknown command %q (see bertvec -h)\n", args[1])
			return exitUsage
		}
		printUsage(stdout)
		return exitOK
	case "--version", "-version":
		args = []string{"version"}
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "bertvec: unknown command %q%s (see bertvec -h)\n", args[0], didYouMean(args[0]))
		return exitUsage
	}
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "bertvec %s: internal error: %v\nThis is a bug; please report it with the trace below.\n%s", c.name, p, debug.Stack())
			code = exitInternal
		}
	}()
	caughtSignal() // forget one that ended an earlier run (tests run many)
	qw := &quietWriter{w: stderr}
	return exitCode(c.name, c.run(args[1:], stdout, qw), stdout, stderr)
}

// exitCode reports err (to stderr, or the help page to stdout) and picks
// the exit status.
func exitCode(name string, err error, stdout, stderr io.Writer) int {
	var h *helpRequest
	var u *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &h):
		printHelp(stdout, name, h.fs)
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, name, nil)
		return exitOK
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "bertvec %s: %v (see bertvec %s -h)\n", name, err, name)
		return exitUsage
	}
	fmt.Fprintf(stderr, "bertvec %s: %v\n", name, err)
	if sig := caughtSignal(); sig != 0 {
		return 128 + sig
	}
	return exitFailed
}

// newFlagSet returns a FlagSet that reports errors instead of exiting or
// printing, so every failure goes through runMain's single exit path. It
// defines --quiet, which every command takes.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("bertvec "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	q, ok := stderr.(*quietWriter)
	if !ok {
		q = &quietWriter{w: stderr}
	}
	fs.BoolVar(&q.quiet, "quiet", false, "print nothing but errors (no progress, notes or warnings)")
	return fs
}

// parseFlags parses args and wraps a flag error as a usage error that names
// the flag. Flags may follow positional arguments ("analogy 王-男+女 -k 5").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs}
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// quietWriter is the stderr commands get: --quiet turns it off. Errors are
// printed by runMain to the real stderr, so they always show.
type quietWriter struct {
	w     io.Writer
	quiet bool
}

func (q *quietWriter) Write(p []byte) (int, error) {
	if q.quiet {
		return len(p), nil
	}
	return q.w.Write(p)
}

// reportTo is where a command reports what it wrote (extract's, merge's
// and map's closing lines): stdout, or nowhere under --quiet, which leaves
// only errors. Commands whose answer is the output (analogy, tokenize,
// pull's directory) keep writing it to stdout.
func reportTo(stdout, stderr io.Writer) io.Writer {
	if q, ok := stderr.(*quietWriter); ok && q.quiet {
		return io.Discard
	}
	return stdout
}

// progressTo is where a command's progress goes: nil under --quiet, else
// the real stderr, so that progress can tell a terminal (bars) from a
// file (lines).
func progressTo(stderr io.Writer) io.Writer {
	if q, ok := stderr.(*quietWriter); ok {
		if q.quiet {
			return nil
		}
		return q.w
	}
	return stderr
}
