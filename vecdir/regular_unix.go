//go:build unix

package vecdir

import (
	"errors"
	"syscall"
)

// noFollow keeps open from following a final symbolic link and from
// waiting for a writer on a named pipe; neither flag changes how a
// regular file behaves.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// isLoop reports the error O_NOFOLLOW gives for a symbolic link.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) }
