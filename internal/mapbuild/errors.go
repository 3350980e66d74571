package mapbuild

import (
	"errors"
	"fmt"
)

// ErrRequest marks a selection or parameter that does not fit the
// vocabulary or the number of tokens: the caller asked for something
// impossible, as opposed to a file that could not be read.
var ErrRequest = errors.New("mapbuild: request does not fit the vocabulary")

// requestError keeps its message exactly (no sentinel prefix) while
// matching ErrRequest.
type requestError struct{ msg string }

func (e *requestError) Error() string        { return e.msg }
func (e *requestError) Is(target error) bool { return target == ErrRequest }

func requestf(format string, a ...any) error {
	return &requestError{fmt.Sprintf(format, a...)}
}
