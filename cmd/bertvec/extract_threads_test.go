package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model"
)

// Issue 13, item 14: --threads 1000 and --workers 100000 were accepted.
func TestThreadFlagBounds(t *testing.T) {
	cpu := []model.Device{{Kind: model.CPU}}
	most := model.MaxThreads(runtime.NumCPU())
	for _, tt := range []struct {
		f    extractFlags
		want string
	}{
		{extractFlags{threads: 1000}, "--threads 1000: at most"},
		{extractFlags{threads: 1, workers: 100000}, "--workers 100000: at most"},
		{extractFlags{threads: 1, blas: most + 1}, fmt.Sprintf("--blas-threads %d: at most %d", most+1, most)},
		{extractFlags{threads: 0}, "--threads 0: want 1 or more"},
	} {
		err := checkThreadFlags(tt.f, cpu)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want a usage error %q", tt.f, err, tt.want)
		}
	}
	if err := checkThreadFlags(extractFlags{threads: 1, workers: runtime.NumCPU(), blas: 1}, cpu); err != nil {
		t.Errorf("defaults refused: %v", err)
	}
}

// End to end: the flag is refused with the usage status before any model
// is loaded.
func TestThreadFlagsCLI(t *testing.T) {
	var stdout, stderr strings.Builder
	code := runMain([]string{"extract", "--out", t.TempDir(), "--workers", "100000"}, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "--workers 100000: at most") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}
