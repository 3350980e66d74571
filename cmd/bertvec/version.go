package main

import (
	"fmt"
	"io"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func init() {
	register(command{"version", "print bertvec's version", func(args []string, stdout, stderr io.Writer) error {
		fmt.Fprintln(stdout, "bertvec", version)
		return nil
	}})
}
