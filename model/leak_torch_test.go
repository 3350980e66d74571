//go:build cgo && !nolibtorch

package model

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/sugarme/gotch/ts"
)

// rssBytes reads the resident set size from /proc/self/statm.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatalf("read statm: %v", err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		t.Fatalf("parse statm %q: %v", b, err)
	}
	return pages * int64(os.Getpagesize())
}

// liveTensors counts gotch tensors not yet freed.
func liveTensors() int { return len(ts.ExistingTensors) }

// Forward passes must free every tensor they make, and 1,000 of them must
// not grow the resident set. For the tensor count the GC is off, so that
// finalizers cannot hide a missing drop (briefly: gotch hangs a 100 KB
// ballast on every tensor, so an ungoverned heap grows fast).
func TestNoLeakOver1000Forwards(t *testing.T) {
	e := load(t, tiny)
	H := e.Hidden()
	ids := allIDs(64)
	dst := make([]float32, len(ids)*H)
	ctx := context.Background()
	run := func(n int) {
		for i := 0; i < n; i++ {
			if err := e.Dynamic(ctx, dst, ids); err != nil {
				t.Fatal(err)
			}
			if _, err := e.HiddenStates(ctx, [][]int32{{2, 7, 3}}, [][]int32{{1, 1, 1}}, 2); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(100) // let allocators reach their steady state
	runtime.GC()
	tensors := liveTensors()
	old := debug.SetGCPercent(-1)
	run(20)
	after := liveTensors()
	debug.SetGCPercent(old)
	if after != tensors {
		t.Errorf("live gotch tensors went from %d to %d over 20 forwards", tensors, after)
	}
	runtime.GC()
	before := rssBytes(t)
	run(1000)
	runtime.GC()
	grown := rssBytes(t) - before
	// One pass allocates well under 1 MB; a leak of even one tensor per
	// pass would pass 16 MB over 1,000 passes with the Go-side ballast gotch
	// attaches to every tensor (100 KB each).
	if grown > 16<<20 {
		t.Errorf("RSS grew by %d MB over 1,000 forwards", grown>>20)
	}
	t.Logf("RSS change over 1,000 forwards: %+d KB; live tensors %d", grown>>10, after)
}
