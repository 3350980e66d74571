package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/bertvec/bertvec/internal/env"
	"github.com/bertvec/bertvec/mecab"
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
	checks = append(checks, mecabChecks()...)
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
	env.Libtorch.Name:           dirWith("include", "lib"),
	env.BenchModel.Name:         dirWith("config.json"),
	env.MecabDicDir.Name:        dirWith("dicrc"),
	env.JobCompletionIndex.Name: nonNegativeInt,
	env.SlurmArrayTaskID.Name:   nonNegativeInt,
	env.HFEndpoint.Name: func(s string) (string, string) {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "not an http(s) URL", "an address such as https://huggingface.co"
		}
		return "", ""
	},
	env.HFHome.Name:         dirOrAbsent,
	env.HFHubCache.Name:     dirOrAbsent,
	env.XDGCacheHome.Name:   dirOrAbsent,
	env.HFToken.Name:        token,
	env.HFTokenLegacy.Name:  token,
	env.HFOffline.Name:      boolean,
	env.HFDownloadWait.Name: positiveSeconds,
	env.HFEtagWait.Name:     positiveSeconds,
}

// secretEnv are variables whose values doctor does not print.
var secretEnv = map[string]bool{env.HFToken.Name: true, env.HFTokenLegacy.Name: true}

func nonNegativeInt(s string) (string, string) {
	if n, err := strconv.Atoi(s); err != nil || n < 0 {
		return "not a non-negative integer", "an index 0, 1, 2..."
	}
	return "", ""
}

func positiveSeconds(s string) (string, string) {
	if f, err := strconv.ParseFloat(s, 64); err != nil || !(f > 0) || math.IsInf(f, 0) {
		return "not a positive number of seconds", "a number of seconds such as 10"
	}
	return "", ""
}

// boolean accepts what huggingface_hub reads as true or false.
func boolean(s string) (string, string) {
	switch strings.ToLower(s) {
	case "1", "0", "true", "false", "yes", "no", "on", "off":
		return "", ""
	}
	return "not a boolean", "1 or 0"
}

func token(s string) (string, string) {
	if strings.ContainsAny(s, " \t\r\n") {
		return "contains white space", "the token alone, as the Hub shows it"
	}
	return "", ""
}

// dirOrAbsent accepts a directory, or a path not created yet.
func dirOrAbsent(s string) (string, string) {
	st, err := os.Stat(s)
	if err == nil && !st.IsDir() {
		return "exists but is not a directory", "a directory (or a path to create)"
	}
	return "", ""
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
		shown := strconv.Quote(val)
		if secretEnv[v.Name] {
			shown = fmt.Sprintf("(set, %d characters)", len(val))
		}
		if val != "" {
			c.Value = fmt.Sprintf("%s=%s (%s)", v.Name, shown, v.Doc)
			check := envCheckers[v.Name]
			if check == nil {
				c.OK = false
				c.Remedy = "bertvec cannot check this variable (a bug: please report it)"
			} else if problem, want := check(val); problem != "" {
				c.OK = false
				c.Value = fmt.Sprintf("%s=%s: %s", v.Name, shown, problem)
				c.Remedy = fmt.Sprintf("unset %s or set it to %s", v.Name, want)
			}
		}
		out = append(out, c)
	}
	return out
}

// mecabChecks reports MeCab and the dictionaries the Japanese tokenizers
// use (package mecab finds them).
func mecabChecks() []model.Check {
	var out []model.Check
	for _, f := range mecab.Report() {
		out = append(out, model.Check{Name: f.Name, Value: f.Value, OK: f.OK, Remedy: f.Remedy})
	}
	return out
}
