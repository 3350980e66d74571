package pipeline

import (
	"errors"
	"fmt"
)

// Sentinel errors; Extract wraps them with the details (test with errors.Is).
var (
	// ErrInvalidOptions: a field of Options is missing or out of range.
	ErrInvalidOptions = errors.New("invalid extract options")
	// ErrUnknownFormat: a format name other than npy or word2vec.
	ErrUnknownFormat = errors.New("unknown format")
	// ErrBadToken: a token that the output formats cannot hold (a newline
	// anywhere; for word2vec also empty or containing white space).
	ErrBadToken = errors.New("token cannot be written")
	// ErrOutputExists: the out dir already holds extract output and neither
	// Resume nor Force was given.
	ErrOutputExists = errors.New("out dir already holds output")
	// ErrResumeMismatch: the saved state was made with a different model,
	// kind set, layer, shape or batch.
	ErrResumeMismatch = errors.New("cannot resume")
	// ErrCorruptState: the saved state is unreadable or inconsistent.
	ErrCorruptState = errors.New("corrupt extract state")
	// ErrLocked: another extract is writing to the same out dir.
	ErrLocked = errors.New("out dir is in use by another extract")
	// ErrInterrupted: the context was cancelled; the state on disk is
	// resumable.
	ErrInterrupted = errors.New("extract interrupted")
)

// corrupt wraps ErrCorruptState with what is wrong and the way out.
func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: %s; use --force to start over", ErrCorruptState, fmt.Sprintf(format, a...))
}
