//go:build unix

package regfile

import "syscall"

// nonBlock keeps open from waiting for a writer on a named pipe.
const nonBlock = syscall.O_NONBLOCK
