package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"github.com/bertvec/bertvec/internal/env"
	"github.com/bertvec/bertvec/model"
)

func init() {
	register(command{"doctor", "report libtorch, CUDA, BLAS and threads, with remedies", runDoctor})
}

func runDoctor(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("doctor", stderr)
	asJSON := fs.Bool("json", false, "print the checks as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("doctor takes no arguments, got %q", rest)
	}
	checks := model.Diagnose(model.Runtime(), model.ListGPUs(context.Background()), runtime.NumCPU())
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(checks)
	}
	bad := 0
	for _, c := range checks {
		mark := "ok "
		if !c.OK {
			mark, bad = "!! ", bad+1
		}
		fmt.Fprintf(stdout, "%s%-9s %s\n", mark, c.Name, c.Value)
		if c.Remedy != "" {
			fmt.Fprintf(stdout, "   %-9s → %s\n", "", c.Remedy)
		}
	}
	for _, v := range env.All {
		fmt.Fprintf(stdout, "   %-9s %s=%q (%s)\n", "env", v.Name, v.String(""), v.Doc)
	}
	if bad > 0 {
		return fmt.Errorf("%d check(s) need attention", bad)
	}
	return nil
}
