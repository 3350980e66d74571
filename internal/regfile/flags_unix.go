//go:build unix

package regfile

import (
	"errors"
	"syscall"
)

const (
	// nonBlock keeps open from waiting for a writer on a named pipe.
	nonBlock = syscall.O_NONBLOCK
	// noFollow keeps open from following a final symbolic link.
	noFollow = syscall.O_NOFOLLOW
)

// isLoop reports the error O_NOFOLLOW gives for a symbolic link.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) }
