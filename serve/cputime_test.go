//go:build unix

package serve

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+system CPU time, for benchmarks on a
// machine shared with other work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
