package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// cliChildEnv makes the test binary run as bertvec (a kill -9 test's
// child process).
const cliChildEnv = "BERTVEC_TEST_CLI_CHILD"

// TestMain lets the test binary stand in for bertvec when bench starts
// itself as "bertvec bench --child".
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == "bench" && os.Args[2] == "--child" {
		os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	if os.Getenv(cliChildEnv) != "" { // a kill -9 test's bertvec process
		os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestBenchBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--batch", ""}, 2, `--batch "": bad setting list: empty list`},
		{[]string{"--batch", "64,0"}, 2, `--batch "64,0": bad setting list: 0: want 1 or more`},
		{[]string{"--workers", "1,,2"}, 2, `--workers "1,,2"`},
		{[]string{"--threads", "two"}, 2, `"two" is not a whole number`},
		{[]string{"--reps", "0"}, 2, "--reps 0"},
		{[]string{"--ids", "-5"}, 2, "--ids -5"},
		{[]string{"--layer", "0"}, 2, "--layer 0"},
		{[]string{"--device", "tpu"}, 2, "--device"},
		{[]string{"--precision", "int8"}, 2, `--precision: bad input: precision "int8": want fp32 or bf16`},
		{[]string{"--device", "cuda:3", "--model", tinyModel}, 1, "CUDA not available"},
		{[]string{"extra"}, 2, "no arguments"},
	} {
		code, stdout, stderr := bertvec(t, append([]string{"bench"}, tc.args...)...)
		lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
		if code != tc.code || stdout != "" || len(lines) != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("bench %q: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", tc.args, code, stdout, stderr, tc.code, tc.want)
		}
	}
}

// TestBenchTiny runs bench end to end on the tiny model, each setting in a
// child process, and checks the JSON schema and the table's rows.
func TestBenchTiny(t *testing.T) {
	code, stdout, stderr := bertvec(t, "bench", "--model", tinyModel, "--batch", "8,16", "--workers", "1", "--ids", "64", "--reps", "2", "--quiet", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	var keys []string
	for k := range r {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"bound_ids_per_s", "cores", "device", "flops_per_id", "libtorch", "peak_gflops", "results"}) {
		t.Errorf("keys %v", keys)
	}
	results, _ := r["results"].([]any)
	if len(results) != 2 || r["device"] != "cpu" || r["peak_gflops"].(float64) <= 0 {
		t.Errorf("report %s", stdout)
	}
	code, stdout, stderr = bertvec(t, "bench", "--model", tinyModel, "--batch", "8,16", "--workers", "1", "--ids", "64", "--reps", "1", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "\n    8 ") + strings.Count(stdout, "\n   16 "); n != 2 || strings.Count(stdout, "*\n") != 1 {
		t.Errorf("%d setting rows, want 2, one marked best:\n%s", n, stdout)
	}
}
