package main

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/pipeline"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
	"github.com/bertvec/bertvec/vecdir"
)

// A forward that overflows fails the same way on a rerun: the hint must
// not send the user to --resume, as it does after an interruption.
func TestExtractHintNonFinite(t *testing.T) {
	run := func(fail func([]int32) error) error {
		f := pipelinetest.NewFake(40, 4)
		f.Fail = fail
		_, err := pipeline.Extract(context.Background(), pipeline.Options{OutDir: t.TempDir(), Batch: 8, Kinds: []vecdir.Kind{vecdir.Dynamic},
			Groups: []pipeline.WorkerGroup{{Name: "cpu", Encoder: f, Workers: 1}}, Tokens: pipelinetest.Tokens(40)})
		return extractHint(err)
	}
	err := run(func(ids []int32) error {
		if ids[0] >= 16 {
			return &model.NonFiniteError{ID: ids[0], Seq: 0, Pos: 1, Value: float32(math.Inf(1))}
		}
		return nil
	})
	if !errors.Is(err, model.ErrNonFinite) || strings.Contains(err.Error(), "--resume") {
		t.Errorf("non-finite: %v", err)
	}
	err = run(func([]int32) error { return context.Canceled })
	if !errors.Is(err, pipeline.ErrResumable) || !strings.Contains(err.Error(), "rerun with --resume") {
		t.Errorf("another resumable failure lost its hint: %v", err)
	}
}
