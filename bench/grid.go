package bench

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrGrid: a list of settings that cannot be run (empty, a zero, not a
// number).
var ErrGrid = errors.New("bad setting list")

// Setting is one combination bench times; the fields are extract's flags
// of the same names, so the best setting can be copied as it is.
type Setting struct {
	Batch   int // ids per forward
	Workers int // concurrent forwards per device
	Threads int // libtorch intra-op threads per forward
}

// ParseList parses a comma-separated list of positive integers such as
// "64,256,512". Duplicates are dropped; the order is kept.
func ParseList(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%w: empty list", ErrGrid)
	}
	var out []int
	seen := map[int]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%w: %q is not a whole number", ErrGrid, f)
		}
		if n < 1 {
			return nil, fmt.Errorf("%w: %d: want 1 or more", ErrGrid, n)
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// Grid is every combination of the lists, batch varying fastest.
func Grid(batches, workers, threads []int) []Setting {
	var out []Setting
	for _, t := range threads {
		for _, w := range workers {
			for _, b := range batches {
				out = append(out, Setting{Batch: b, Workers: w, Threads: t})
			}
		}
	}
	return out
}

// Flags are the extract flags that give s.
func (s Setting) Flags() string {
	return fmt.Sprintf("--batch %d --workers %d --threads %d", s.Batch, s.Workers, s.Threads)
}
