package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/bertvec/bertvec/internal/atomicfile"
	"github.com/bertvec/bertvec/internal/progress"
	"github.com/bertvec/bertvec/vecdir"
)

// kindRun is how one run produced a kind, for meta.json.
type kindRun struct {
	computed int // ids computed by this run
	resumed  int // ids an earlier run had made durable
	wall     time.Duration
}

// dynamicRun fills dynamic.npy.partial batch by batch: a feeder hands
// batch indices to the workers of every device, and the caller's
// goroutine writes each result at its rows' offset and records it durable.
type dynamicRun struct {
	p       *plan
	part    *partial
	log     *doneLog
	done    []bool
	doneIDs int
	prog    progress.Meter
}

func (p *plan) batches() int { return (p.rows + p.Batch - 1) / p.Batch }

// batchRange returns the first id and the id count of batch b.
func (p *plan) batchRange(b int) (first, n int) {
	first = b * p.Batch
	return first, min(p.Batch, p.rows-first)
}

// openDynamic prepares the partial file and done log, continuing what a
// previous run made durable when there is any.
func openDynamic(p *plan, d *outDir) (*dynamicRun, error) {
	partPath, logPath := d.join(partialFile(vecdir.Dynamic)), d.join(doneFile(vecdir.Dynamic))
	log, done, err := openDoneLog(logPath, p.batches())
	if err != nil {
		return nil, err
	}
	r := &dynamicRun{p: p, log: log, done: done}
	for b, ok := range done {
		if ok {
			_, n := p.batchRange(b)
			r.doneIDs += n
		}
	}
	if r.doneIDs > 0 {
		r.part, err = openPartial(partPath, p.rows, p.cols)
	} else {
		// Nothing durable yet: a partial file, if any, may be half made.
		r.part, err = createPartial(partPath, p.rows, p.cols)
		if err == nil {
			err = atomicfile.SyncDir(d.path)
		}
	}
	if err != nil {
		log.close()
		return nil, err
	}
	return r, nil
}

func (r *dynamicRun) close() {
	r.part.close()
	r.log.close()
}

func (r *dynamicRun) todo() []int {
	var todo []int
	for b, ok := range r.done {
		if !ok {
			todo = append(todo, b)
		}
	}
	return todo
}

// batchResult is one computed batch; buf goes back to the free list once
// written.
type batchResult struct {
	batch, first int
	rows, buf    []float32
}

// firstError keeps the first worker failure.
type firstError struct {
	mu  sync.Mutex
	err error
}

func (f *firstError) set(err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.mu.Unlock()
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// compute runs every batch not yet done. It returns when all are durable,
// or when ctx is cancelled, an encoder fails or a write fails; batches
// written by then are durable either way.
func (r *dynamicRun) compute(ctx context.Context) error {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := r.p.workers()
	width := min(r.p.Batch, r.p.rows) * r.p.cols
	jobs := make(chan int)
	results := make(chan batchResult, workers)
	free := make(chan []float32, 2*workers)
	for range cap(free) {
		free <- make([]float32, width)
	}
	var failed firstError
	fail := func(err error) {
		if ctx.Err() == nil { // after Ctrl-C, errors are just the cancellation
			failed.set(err)
		}
		cancel()
	}
	go feed(runCtx, r.todo(), jobs)
	var wg sync.WaitGroup
	for _, dev := range r.p.Groups {
		for range dev.workers() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.work(runCtx, dev, jobs, free, results, fail)
			}()
		}
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	if err := r.write(results, free, cancel); err != nil {
		return err
	}
	return failed.get()
}

func feed(ctx context.Context, todo []int, jobs chan<- int) {
	defer close(jobs)
	for _, b := range todo {
		select {
		case jobs <- b:
		case <-ctx.Done():
			return
		}
	}
}

func (r *dynamicRun) work(ctx context.Context, dev WorkerGroup, jobs <-chan int, free chan []float32,
	results chan<- batchResult, fail func(error)) {
	ids := make([]int32, min(r.p.Batch, r.p.rows))
	for b := range jobs {
		var buf []float32
		select {
		case buf = <-free:
		case <-ctx.Done():
			return
		}
		first, n := r.p.batchRange(b)
		for i := range n {
			ids[i] = int32(first + i)
		}
		rows := buf[:n*r.p.cols]
		if err := dev.Encoder.Dynamic(ctx, rows, ids[:n]); err != nil {
			fail(fmt.Errorf("encode ids %d..%d on %s: %w", first, first+n-1, dev.Name, err))
			return
		}
		select {
		case results <- batchResult{batch: b, first: first, rows: rows, buf: buf}:
		case <-ctx.Done():
			return
		}
	}
}

// write drains results until the workers are gone, putting each batch's
// rows at their offset. A committer goroutine makes written batches
// durable meanwhile, so slow fsyncs group batches instead of stalling the
// workers. On a write error write cancels the workers and keeps draining.
func (r *dynamicRun) write(results <-chan batchResult, free chan<- []float32, cancel func()) error {
	c := r.startCommitter()
	var pending []int
	var werr error
	put := func(res batchResult) {
		if werr == nil {
			if werr = r.part.writeRows(res.first, res.rows); werr == nil {
				pending = append(pending, res.batch)
				r.prog.Add(int64(len(res.rows) / r.p.cols))
			} else {
				cancel()
			}
		}
		free <- res.buf
	}
	for res := range results {
		put(res)
	burst:
		for {
			select {
			case res, ok := <-results:
				if !ok {
					break burst
				}
				put(res)
			default:
				break burst
			}
		}
		if werr == nil {
			if werr = c.failed(); werr != nil {
				cancel()
			}
		}
		if len(pending) > 0 && c.offer(pending) {
			pending = nil
		}
	}
	// Rows written before a failure are still worth keeping.
	if err := c.finish(pending); werr == nil {
		werr = err
	}
	return werr
}

// runDynamic computes dynamic.npy, resuming from the durable state when
// there is one, and renames it into place when every batch is done.
func runDynamic(ctx context.Context, p *plan, d *outDir) (kindRun, error) {
	began := time.Now()
	r, err := openDynamic(p, d)
	if err != nil {
		return kindRun{}, fmt.Errorf("dynamic: %w", err)
	}
	run := kindRun{resumed: r.doneIDs}
	r.prog = p.progress(vecdir.Dynamic, r.doneIDs)
	err = r.compute(ctx)
	complete := r.doneIDs == p.rows
	r.prog.Finish(complete)
	run.computed = r.doneIDs - run.resumed
	switch {
	case err != nil:
		r.close()
		return run, resumable(fmt.Errorf("dynamic: %w; %d/%d ids are saved in %s", err, r.doneIDs, p.rows, d.path))
	case !complete:
		r.close()
		return run, resumable(fmt.Errorf("%w (%w): dynamic: %d/%d ids are saved in %s",
			ErrInterrupted, context.Cause(ctx), r.doneIDs, p.rows, d.path))
	}
	r.log.close()
	if err := r.part.finish(d.join(vecdir.Dynamic.File())); err != nil {
		return run, fmt.Errorf("dynamic: %w", err)
	}
	if err := os.Remove(d.join(doneFile(vecdir.Dynamic))); err != nil && !errors.Is(err, os.ErrNotExist) {
		return run, fmt.Errorf("dynamic: %w", err)
	}
	run.wall = time.Since(began)
	return run, nil
}
