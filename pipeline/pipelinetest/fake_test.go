package pipelinetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestFakeIsAFunctionOfTheID(t *testing.T) {
	f := NewFake(10, 3)
	one := make([]float32, 3)
	all := make([]float32, 9)
	if err := f.Dynamic(context.Background(), all, []int32{7, 2, 9}); err != nil {
		t.Fatal(err)
	}
	if err := f.Dynamic(context.Background(), one, []int32{2}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(one, all[3:6]) || one[1] != DynamicValue(2, 1) {
		t.Errorf("id 2 alone %v, in a batch %v", one, all[3:6])
	}
	if f.Calls() != 2 {
		t.Errorf("Calls() = %d, want 2", f.Calls())
	}
	st := make([]float32, 30)
	if err := f.Static(st); err != nil || st[3*3+2] != StaticValue(3, 2) {
		t.Errorf("Static: %v, row 3 %v", err, st[9:12])
	}
}

func TestFakeFailures(t *testing.T) {
	f := NewFake(10, 2)
	f.Fail = FailOn(4)
	dst := make([]float32, 4)
	if err := f.Dynamic(context.Background(), dst, []int32{3, 4}); !errors.Is(err, ErrInjected) {
		t.Errorf("batch holding 4: %v, want ErrInjected", err)
	}
	if err := f.Dynamic(context.Background(), dst, []int32{5, 6}); err != nil {
		t.Errorf("batch without 4: %v", err)
	}
	if err := f.Dynamic(context.Background(), dst, []int32{5, 10}); err == nil {
		t.Error("id out of range accepted")
	}
	f.Fail, f.Delay = nil, time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.Dynamic(ctx, dst, []int32{1, 2}); !errors.Is(err, context.Canceled) {
		t.Errorf("delay under a cancelled context: %v", err)
	}
}
