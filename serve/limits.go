package serve

import (
	"context"
	"time"
)

// Limits bound what one request may ask and how many run at once. Every
// bound is checked before any work and reported as a 400 naming it.
type Limits struct {
	MaxBody  int64 // bytes of a POST body
	MaxQuery int   // bytes of one expression, word or text
	MaxTerms int   // words of one expression
	MaxK     int   // neighbours per query (also bounded by the vocabulary)
	MaxBatch int   // queries (or words) per request
	// Single is how many single queries run at once; Batch how many
	// batch requests. Batches have their own, smaller pool so that one
	// huge batch cannot take the slots single queries need.
	Single, Batch int
	// Queue is how long a request waits for a slot before a 503.
	Queue time.Duration
	// ReadTimeout, WriteTimeout and IdleTimeout are http.Server's.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

// DefaultLimits are generous for a person at a browser and small enough
// that a stranger on the network cannot pin the machine.
func DefaultLimits() Limits {
	return Limits{
		MaxBody:      256 << 10,
		MaxQuery:     1024,
		MaxTerms:     32,
		MaxK:         1000,
		MaxBatch:     1000,
		Single:       64,
		Batch:        1,
		Queue:        5 * time.Second,
		ReadTimeout:  10 * time.Second,
		WriteTimeout: 60 * time.Second,
		IdleTimeout:  2 * time.Minute,
	}
}

// slots is a counting semaphore.
type slots chan struct{}

// acquire waits up to wait for a slot; false means the server is busy.
func (s slots) acquire(ctx context.Context, wait time.Duration) bool {
	select {
	case s <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (s slots) release() { <-s }
