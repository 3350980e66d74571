package pipeline

import (
	"errors"
	"fmt"
	"strings"
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
	// Resume nor Force was given (the error is an *ExistsError).
	ErrOutputExists = errors.New("out dir already holds output")
	// ErrForeignDir: the out dir is not bertvec's to write: a model
	// checkpoint, a file, or files bertvec would write that no state or
	// meta.json of bertvec's claims, or a link or pipe under one of its
	// names. Force does not override it.
	ErrForeignDir = errors.New("out dir is not bertvec's to write")
	// ErrResumable marks an error after which the out dir holds a state
	// that Resume continues.
	ErrResumable = errors.New("resumable")
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

// corrupt wraps ErrCorruptState with what is wrong.
func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrCorruptState, fmt.Sprintf(format, a...))
}

// ExistsError is ErrOutputExists with what the directory holds.
type ExistsError struct {
	Dir   string
	Files []string
	// Complete is true for a finished directory (meta.json, no state).
	Complete bool
}

func (e *ExistsError) Error() string {
	what := "an unfinished run"
	if e.Complete {
		what = "a complete run"
	}
	return fmt.Sprintf("%s: %s holds %s (%s)", ErrOutputExists, e.Dir, what, strings.Join(e.Files, ", "))
}

// Is makes errors.Is(err, ErrOutputExists) true.
func (e *ExistsError) Is(target error) bool { return target == ErrOutputExists }

// resumable marks err with ErrResumable, keeping its message.
type resumableError struct{ err error }

func (e resumableError) Error() string        { return e.err.Error() }
func (e resumableError) Unwrap() error        { return e.err }
func (e resumableError) Is(target error) bool { return target == ErrResumable }

func resumable(err error) error { return resumableError{err} }
