// Package pipelinetest provides a fake pipeline.Encoder for tests of the
// pipeline and of the commands around it: pure Go, deterministic, with
// optional per-batch delay and failure injection.
package pipelinetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// ErrInjected is the error Fake returns when told to fail.
var ErrInjected = errors.New("injected encoder failure")

// Fake is an encoder whose vectors are a pure function of the id, so that
// any run, batching or interleaving of workers must give the same bytes.
// It is safe for concurrent use.
type Fake struct {
	V, H int
	// Delay is slept (honouring ctx) in every Dynamic call.
	Delay time.Duration
	// Fail, if set, is asked before each Dynamic call; a non-nil result
	// is returned as the call's error. FailOn builds a common one.
	Fail func(ids []int32) error
	// StaticErr, if set, is returned by Static.
	StaticErr error

	calls   atomic.Int64
	mu      sync.Mutex
	maxLive int
	live    int
}

// NewFake returns a fake of v ids of width h that never fails or waits.
func NewFake(v, h int) *Fake { return &Fake{V: v, H: h} }

// DynamicValue is element j of id's dynamic vector.
func DynamicValue(id, j int) float32 {
	return float32(math.Sin(float64(id)*0.7+float64(j)*1.3)) * float32(1+id%5)
}

// StaticValue is element j of id's static vector.
func StaticValue(id, j int) float32 {
	return float32(id)*0.001 - float32(j)*0.5 + 1.0/float32(3+j)
}

// VocabSize implements pipeline.Encoder.
func (f *Fake) VocabSize() int { return f.V }

// Hidden implements pipeline.Encoder.
func (f *Fake) Hidden() int { return f.H }

// Static implements pipeline.Encoder.
func (f *Fake) Static(dst []float32) error {
	if f.StaticErr != nil {
		return f.StaticErr
	}
	if len(dst) != f.V*f.H {
		return fmt.Errorf("fake static: dst has %d values, want %d", len(dst), f.V*f.H)
	}
	for id := range f.V {
		for j := range f.H {
			dst[id*f.H+j] = StaticValue(id, j)
		}
	}
	return nil
}

// Dynamic implements pipeline.Encoder.
func (f *Fake) Dynamic(ctx context.Context, dst []float32, ids []int32) error {
	f.calls.Add(1)
	f.enter()
	defer f.leave()
	if len(dst) != len(ids)*f.H {
		return fmt.Errorf("fake dynamic: dst has %d values for %d ids of width %d", len(dst), len(ids), f.H)
	}
	if f.Fail != nil {
		if err := f.Fail(ids); err != nil {
			return err
		}
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	for i, id := range ids {
		if id < 0 || int(id) >= f.V {
			return fmt.Errorf("fake dynamic: id %d out of range", id)
		}
		for j := range f.H {
			dst[i*f.H+j] = DynamicValue(int(id), j)
		}
	}
	return nil
}

func (f *Fake) enter() {
	f.mu.Lock()
	f.live++
	f.maxLive = max(f.maxLive, f.live)
	f.mu.Unlock()
}

func (f *Fake) leave() {
	f.mu.Lock()
	f.live--
	f.mu.Unlock()
}

// FailOn returns a Fail hook that fails the batch holding id with
// ErrInjected.
func FailOn(id int) func([]int32) error {
	return func(ids []int32) error {
		for _, x := range ids {
			if int(x) == id {
				return fmt.Errorf("id %d: %w", id, ErrInjected)
			}
		}
		return nil
	}
}

// Calls is the number of Dynamic calls so far.
func (f *Fake) Calls() int { return int(f.calls.Load()) }

// MaxConcurrent is the largest number of Dynamic calls seen in flight at once.
func (f *Fake) MaxConcurrent() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxLive
}

// Tokens returns v distinct tokens without white space: "[PAD]", "王",
// "t2", "t3", ...
func Tokens(v int) []string {
	toks := make([]string, v)
	for i := range toks {
		toks[i] = fmt.Sprintf("t%d", i)
	}
	if v > 0 {
		toks[0] = "[PAD]"
	}
	if v > 1 {
		toks[1] = "王"
	}
	return toks
}
