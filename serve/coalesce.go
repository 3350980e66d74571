package serve

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/bertvec/bertvec/search"
)

// A coalescer answers concurrent single analogy queries of one kind
// together. search.AnalogyBatch shares each pass over the rows among
// the queries of a block, so under load a pass answers many requests for
// about the price of one; a lone query is answered at once, alone. The
// answers are exactly Analogy's: queries with the same metric and
// exclusions run together with the largest k among them, and each answer is
// cut to its own k (the top k is a prefix of the top k' > k, ties
// included, since the order is total).
type coalescer struct {
	store *search.Store
	jobs  chan *job
	max   int // queries per pass
	quit  chan struct{}
	// last is when the latest query arrived and gap how long before it the
	// one before did (UnixNano, nanoseconds): the load signal for lingering.
	last, gap atomic.Int64
}

type job struct {
	ctx  context.Context // the request's: a job whose client left is dropped
	expr search.Expression
	opt  search.Options
	ans  *search.Answer
	err  error
	done chan struct{}
}

// The int8 kernel answers four queries per call for the price of one, so
// a pass of one query costs about what a pass of four does (2.1 against
// 0.66 CPU ms a query, 32,000×768). When queries arrive less than linger
// apart, a loop with fewer than passMin waits up to linger for more;
// a lone user's query never waits.
const (
	passMin = 4
	linger  = 2 * time.Millisecond
)

// maxCoalesce bounds a pass: more queries share the row stream better but
// every one of them waits for the whole pass.
const maxCoalesce = 16

func newCoalescer(st *search.Store) *coalescer {
	c := &coalescer{store: st, jobs: make(chan *job, 256), max: maxCoalesce, quit: make(chan struct{})}
	// A pass of up to 64 queries is one block of AnalogyBatch, scanned by
	// one goroutine: one loop per core keeps every core busy under load.
	for range runtime.GOMAXPROCS(0) {
		go c.loop()
	}
	return c
}

func (c *coalescer) stop() { close(c.quit) }

// answer queues one query and waits for its answer.
func (c *coalescer) answer(ctx context.Context, e search.Expression, opt search.Options) (*search.Answer, error) {
	j := &job{ctx: ctx, expr: e, opt: opt, done: make(chan struct{})}
	now := time.Now().UnixNano()
	c.gap.Store(now - c.last.Swap(now))
	c.jobs <- j
	<-j.done
	return j.ans, j.err
}

// loop takes a query, whatever else is already waiting (never waiting for
// more), and answers them in passes.
func (c *coalescer) loop() {
	for {
		var first *job
		select {
		case first = <-c.jobs:
		case <-c.quit:
			return
		}
		batch := []*job{first}
	drain:
		for len(batch) < c.max {
			select {
			case j := <-c.jobs:
				batch = append(batch, j)
			default:
				break drain
			}
		}
		if len(batch) < passMin && c.gap.Load() < int64(linger) {
			batch = c.gather(batch)
		}
		c.run(batch)
	}
}

// gather waits up to linger for the batch to reach passMin.
func (c *coalescer) gather(batch []*job) []*job {
	t := time.NewTimer(linger)
	defer t.Stop()
	for len(batch) < passMin {
		select {
		case j := <-c.jobs:
			batch = append(batch, j)
		case <-t.C:
			return batch
		case <-c.quit:
			return batch
		}
	}
	return batch
}

// group is the queries of a pass that share options apart from k.
type groupKey struct {
	metric           search.Metric
	exclude, special bool
}

func (c *coalescer) run(batch []*job) {
	groups := map[groupKey][]*job{}
	for _, j := range batch {
		if j.ctx.Err() != nil { // under overload, work for no one is the worst kind
			j.err = errCanceled
			close(j.done)
			continue
		}
		g := groupKey{j.opt.Metric, j.opt.ExcludeQuery, j.opt.ExcludeSpecial}
		groups[g] = append(groups[g], j)
	}
	for g, js := range groups {
		opt := search.Options{Metric: g.metric, ExcludeQuery: g.exclude, ExcludeSpecial: g.special}
		exprs := make([]search.Expression, len(js))
		for i, j := range js {
			exprs[i] = j.expr
			opt.K = max(opt.K, j.opt.K)
		}
		if len(js) == 1 {
			// Alone: Analogy's own path, with its error texts.
			js[0].ans, js[0].err = c.store.Analogy(js[0].expr, js[0].opt)
			close(js[0].done)
			continue
		}
		answers, errs := c.store.AnalogyBatch(exprs, opt)
		for i, j := range js {
			j.ans, j.err = answers[i], errs[i]
			if j.err == nil && len(j.ans.Results) > j.opt.K {
				j.ans.Results = j.ans.Results[:j.opt.K]
			}
			close(j.done)
		}
	}
}
