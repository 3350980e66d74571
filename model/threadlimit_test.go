package model

import (
	"errors"
	"strings"
	"testing"
)

// Issue 13: --threads 1000 ran away and --workers 100000 crashed; both are
// now refused with a typed error saying the bound.
func TestThreadLimits(t *testing.T) {
	cpu, gpu := Device{Kind: CPU}, Device{Kind: CUDA}
	for _, tt := range []struct {
		name string
		err  error
		max  int
	}{
		{"threads 1000 on 2", CheckThreads(1000, 2), 8},
		{"threads 9 on 2", CheckThreads(9, 2), 8},
		{"threads 300 on 128", CheckThreads(300, 128), 256},
		{"blas 100 on 16", CheckBLASThreads(100, 16), 64},
		{"workers 100000 on 2", CheckWorkers(cpu, 100000, 2), 8},
		{"gpu workers 17", CheckWorkers(gpu, 17, 64), 16},
		{"threads 0", CheckThreads(0, 2), 8},
	} {
		var le *ThreadLimitError
		if !errors.Is(tt.err, ErrThreads) || !errors.As(tt.err, &le) || le.Max != tt.max {
			t.Errorf("%s: err = %v, want a ThreadLimitError with Max %d", tt.name, tt.err, tt.max)
		}
		if strings.Contains(tt.err.Error(), "--") {
			t.Errorf("%s: a library error names a flag: %v", tt.name, tt.err)
		}
	}
	for _, err := range []error{CheckThreads(8, 2), CheckThreads(1, 1), CheckBLASThreads(4, 1), CheckWorkers(cpu, 8, 2), CheckWorkers(gpu, 16, 1), CheckThreads(256, 1000)} {
		if err != nil {
			t.Errorf("within the bounds: %v", err)
		}
	}
}
