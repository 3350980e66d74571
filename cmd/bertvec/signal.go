package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// lastSignal is the signal that cancelled a signalContext, for the exit
// status (128 + its number, as a shell reports a process it killed).
var lastSignal atomic.Int32

// signalContext is cancelled by the first Ctrl-C or SIGTERM, so a command
// can stop cleanly; a second one kills the process as usual. A command
// that returns an error after one exits 130 (143 for SIGTERM).
func signalContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			if n, ok := s.(syscall.Signal); ok {
				lastSignal.Store(int32(n))
			}
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel() }
}

// caughtSignal returns and clears the signal number that cancelled a
// signalContext, 0 when none did.
func caughtSignal() int { return int(lastSignal.Swap(0)) }
