package pipeline

import "sync"

// committer records written batches as durable, one group at a time:
// fsync the partial file, then append the group to the done log and fsync
// it. Only after that does a batch count as done.
type committer struct {
	r    *dynamicRun
	in   chan []int
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func (r *dynamicRun) startCommitter() *committer {
	c := &committer{r: r, in: make(chan []int), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for batches := range c.in {
			if c.failed() != nil {
				continue
			}
			if err := r.commit(batches); err != nil {
				c.mu.Lock()
				c.err = err
				c.mu.Unlock()
			}
		}
	}()
	return c
}

// offer hands batches over if the committer is idle.
func (c *committer) offer(batches []int) bool {
	select {
	case c.in <- batches:
		return true
	default:
		return false
	}
}

func (c *committer) failed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// finish commits the last batches and waits for the committer to stop.
func (c *committer) finish(batches []int) error {
	if len(batches) > 0 {
		c.in <- batches
	}
	close(c.in)
	<-c.done
	return c.failed()
}

func (r *dynamicRun) commit(batches []int) error {
	if err := r.part.sync(); err != nil {
		return err
	}
	if err := r.log.add(batches); err != nil {
		return err
	}
	for _, b := range batches {
		r.done[b] = true
		_, n := r.p.batchRange(b)
		r.doneIDs += n
	}
	return nil
}
