package mapbuild

import (
	"errors"
	"fmt"
)

// ErrRequest marks a selection or parameter that does not fit the
// vocabulary or the number of tokens: the caller asked for something
// impossible, as opposed to a file that could not be read.
var ErrRequest = errors.New("mapbuild: request does not fit the vocabulary")

// OptionError is an error about one option of Options or Selection, named
// in lower case as the field ("first", "words", "ids", "perplexity",
// "exact", "png", "font"), so that a CLI can name its own flag: the
// message names none. It matches ErrRequest when Request is set.
type OptionError struct {
	Option string
	// Value is the option's value as given ("" when the message says it).
	Value string
	Msg   string
	// Tokens is the number of tokens selected, for a perplexity that is
	// too large (a caller can suggest one below it); 0 otherwise.
	Tokens int
	// Request is true for a request that does not fit (ErrRequest), false
	// for a file that could not be read.
	Request bool
	Err     error
}

func (e *OptionError) Error() string {
	head := e.Option
	if e.Value != "" {
		head += " " + e.Value
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s%v", head, e.Msg, e.Err)
	}
	return head + " " + e.Msg
}

func (e *OptionError) Unwrap() error        { return e.Err }
func (e *OptionError) Is(target error) bool { return e.Request && target == ErrRequest }

// requestError keeps its message exactly (no sentinel prefix) while
// matching ErrRequest.
type requestError struct{ msg string }

func (e *requestError) Error() string        { return e.msg }
func (e *requestError) Is(target error) bool { return target == ErrRequest }

func requestf(format string, a ...any) error {
	return &requestError{fmt.Sprintf(format, a...)}
}
