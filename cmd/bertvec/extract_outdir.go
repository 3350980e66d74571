package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/bertvec/bertvec/internal/progress"
	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/pipeline"
)

// extractHint adds to a pipeline error the flag that is the way out:
// the pipeline's errors name no flags.
func extractHint(err error) error {
	var exists *pipeline.ExistsError
	switch {
	case errors.As(err, &exists) && exists.Complete:
		return fmt.Errorf("%w; it is complete: use --force to overwrite it (a kind it lacks can be added with --kinds)", err)
	case errors.As(err, &exists):
		return fmt.Errorf("%w; use --resume to continue or --force to start over", err)
	case errors.Is(err, model.ErrNonFinite):
		return err // a rerun overflows in the same forward: resuming cannot help
	case errors.Is(err, pipeline.ErrInterrupted):
		return fmt.Errorf("%w; rerun with --resume to continue", err)
	case errors.Is(err, pipeline.ErrResumable):
		return fmt.Errorf("%w; rerun with --resume to continue", err)
	case errors.Is(err, pipeline.ErrResumeMismatch):
		return fmt.Errorf("%w; rerun with the original settings, or use --force to start over", err)
	case errors.Is(err, pipeline.ErrCorruptState):
		return fmt.Errorf("%w; use --force to start over", err)
	}
	return err
}

// blasThreads is the OpenBLAS thread count a run uses: --blas-threads, or
// the cores shared among the CPU workers (model.PlanThreads).
func blasThreads(devs []model.Device, f extractFlags) int {
	return model.PlanThreads(devs, f.workers, f.blas, runtime.NumCPU()).BLASThreads
}

// loadProgress shows a model load on dev, tensor by tensor: a bar on a
// terminal (BERT-base takes seconds), one closing line in a log.
func loadProgress(w io.Writer, dev model.Device) func(done, total int) {
	return progress.Func(w, progress.Options{Label: "load " + dev.String(), Unit: "tensors", NoSteps: true})
}
