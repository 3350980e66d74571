package main

import (
	"fmt"
	"io"

	"github.com/bertvec/bertvec/vecdir"
)

func init() {
	register(command{"verify", "check a vectors directory against the sha256s in its meta.json", runVerify}, help{
		Usage: "DIR",
		About: `Checks every kind meta.json lists: the .npy is a regular file whose sha256
is the one recorded when it was written, its shape is the recorded one, and
vocab.txt has one line per row. A replaced or damaged file is an error
(exit 1) naming the file.`,
		Examples: []string{
			"bertvec verify vectors",
			"bertvec verify --quiet vectors || echo 'vectors damaged: extract again with --force'",
		},
	})
}

func runVerify(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("verify", stderr)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("verify takes one vectors directory, got %d arguments", len(rest))
	}
	kinds, err := vecdir.Verify(rest[0])
	if err != nil {
		return err
	}
	for _, k := range kinds {
		fmt.Fprintf(stdout, "%-8s ok\n", k)
	}
	noun := "kinds"
	if len(kinds) == 1 {
		noun = "kind"
	}
	fmt.Fprintf(stdout, "%s: %d %s verified\n", rest[0], len(kinds), noun)
	return nil
}
