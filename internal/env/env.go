// Package env declares every environment variable bertvec reads, in one
// place, so that `bertvec doctor` and the README can list them all.
package env

import (
	"os"
	"strconv"
	"strings"
)

// Var is one environment variable bertvec understands.
type Var struct {
	Name string
	Doc  string
}

var (
	// Threads sets libtorch's intra-op threads when --threads is not given.
	Threads = Var{"BERTVEC_THREADS", "libtorch intra-op threads when --threads is not given"}
	// Device sets the default --device.
	Device = Var{"BERTVEC_DEVICE", "default --device (cpu, cuda, cuda:N)"}
	// Libtorch points the gotch build step at a libtorch directory (include/, lib/).
	Libtorch = Var{"LIBTORCH", "libtorch directory used by the gotch build step (default: Debian's /usr)"}

	// BenchModel points the model benchmarks at a BERT-base-shaped checkpoint.
	BenchModel = Var{"BERTVEC_BENCH_MODEL", "checkpoint the model benchmarks load (make bench generates build/bert-base-random)"}
)

// All lists every variable, for doctor and the README.
var All = []Var{Threads, Device, Libtorch, BenchModel}

// String returns the variable's trimmed value, or def when unset or empty.
func (v Var) String(def string) string {
	if s := strings.TrimSpace(os.Getenv(v.Name)); s != "" {
		return s
	}
	return def
}

// Int returns the variable as an int, or def when unset; ok is false when
// it is set but not an integer.
func (v Var) Int(def int) (n int, ok bool) {
	s := strings.TrimSpace(os.Getenv(v.Name))
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def, false
	}
	return n, true
}
