package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/bertvec/bertvec/internal/env"
	"github.com/bertvec/bertvec/model"
)

func init() {
	register(command{"doctor", "report libtorch, CUDA, BLAS, threads and environment variables, with remedies", runDoctor}, help{
		About: `Checks what bertvec runs on: the libtorch it is linked with, CUDA devices,
the BLAS libtorch uses, the thread pools, and every environment variable
bertvec reads. Each flagged line ("!!") says what to do. The exit status is
1 when any line is flagged.`,
		Examples: []string{"bertvec doctor", "bertvec doctor --json | jq '.[] | select(.ok | not)'"},
	})
}

func runDoctor(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("doctor", stderr)
	asJSON := fs.Bool("json", false, "print the checks as a JSON array")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("doctor takes no arguments, got %q", rest)
	}
	checks := model.Diagnose(model.Runtime(), model.ListGPUs(context.Background()), runtime.NumCPU())
	checks = append(checks, envChecks(os.Getenv)...)
	bad := 0
	for _, c := range checks {
		if !c.OK {
			bad++
		}
	}
	if *asJSON {
		if err := writeJSONLine(stdout, checks); err != nil {
			return err
		}
	} else {
		printChecks(stdout, checks)
	}
	if bad > 0 {
		return fmt.Errorf("%d check(s) need attention", bad)
	}
	return nil
}

func printChecks(w io.Writer, checks []model.Check) {
	for _, c := range checks {
		mark := "ok "
		if !c.OK {
			mark = "!! "
		}
		fmt.Fprintf(w, "%s%-9s %s\n", mark, c.Name, c.Value)
		if c.Remedy != "" {
			fmt.Fprintf(w, "   %-9s → %s\n", "", c.Remedy)
		}
	}
}

// envCheckers validate each variable env.All lists; TestEnvChecks fails
// for a variable without one. A checker returns what is wrong and the
// value to set instead.
var envCheckers = map[string]func(string) (problem, want string){
	env.Threads.Name: func(s string) (string, string) {
		if n, err := strconv.Atoi(s); err != nil || n < 1 {
			return "not a positive integer", "a positive integer such as 1"
		}
		return "", ""
	},
	env.Device.Name: func(s string) (string, string) {
		if _, err := model.ParseDevices(s); err != nil {
			return err.Error(), "cpu, cuda, cuda:N or a list such as cuda:0,cuda:1"
		}
		return "", ""
	},
	env.Libtorch.Name:   dirWith("include", "lib"),
	env.BenchModel.Name: dirWith("config.json"),
}

// dirWith checks that a variable names a directory holding the entries.
func dirWith(entries ...string) func(string) (string, string) {
	return func(s string) (string, string) {
		want := "a directory with " + strings.Join(entries, " and ")
		if st, err := os.Stat(s); err != nil || !st.IsDir() {
			return "not a directory", want
		}
		for _, e := range entries {
			if _, err := os.Stat(filepath.Join(s, e)); err != nil {
				return "has no " + e, want
			}
		}
		return "", ""
	}
}

// envChecks is one check per variable of env.All: set and valid, unset,
// or set and wrong, with what to do.
func envChecks(getenv func(string) string) []model.Check {
	var out []model.Check
	for _, v := range env.All {
		val := strings.TrimSpace(getenv(v.Name))
		c := model.Check{Name: "env", OK: true, Value: fmt.Sprintf("%s unset (%s)", v.Name, v.Doc)}
		if val != "" {
			c.Value = fmt.Sprintf("%s=%q (%s)", v.Name, val, v.Doc)
			check := envCheckers[v.Name]
			if check == nil {
				c.OK = false
				c.Remedy = "bertvec cannot check this variable (a bug: please report it)"
			} else if problem, want := check(val); problem != "" {
				c.OK = false
				c.Value = fmt.Sprintf("%s=%q: %s", v.Name, val, problem)
				c.Remedy = fmt.Sprintf("unset %s or set it to %s", v.Name, want)
			}
		}
		out = append(out, c)
	}
	return out
}
