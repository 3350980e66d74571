package contextvec

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/bertvec/bertvec/corpus"
)

// Encoder is what pooling needs from a model (model.Encoder has it).
type Encoder interface {
	VocabSize() int
	Hidden() int
	// Contexts runs windows of any lengths and writes each layer's hidden
	// states at every position, layer-major (see model.Encoder.Contexts).
	Contexts(ctx context.Context, dst []float32, windows [][]int32, layers []int) error
}

// Tokenizer turns one line into vocabulary ids, without [CLS] and [SEP].
// It must be safe for use by one goroutine at a time (Run calls it from
// one).
type Tokenizer interface {
	IDs(text string) ([]int32, error)
}

// Options shape a pooling run. Everything that changes the float64 sums'
// bytes (Layers, Window, BatchTokens, CommitWindows, Shard) is part of a
// checkpoint's identity.
type Options struct {
	Layers []int
	// Window is the most ids a window holds, max_position_embeddings−2.
	Window   int
	CLS, SEP int32
	Shard    Shard
	// BatchTokens bounds a forward's padded size, windows × longest.
	BatchTokens int
	// CommitWindows is how many windows go between checkpoints.
	CommitWindows int
	// Workers is how many forwards run at once.
	Workers int
}

// Defaults for Options' zero fields. DefaultBatchTokens is small because
// padding, not GEMM size, is what costs on a CPU: sorted sentences of
// Botchan padded to 4096-id batches ran 46% padding (12549 ids for 8570)
// in 4 batches that two workers could not share evenly; 1024-id batches
// run 12% padding in 11 batches, and the pass took 0.62× the time. A
// 1024×768 GEMM is still large enough for one core's BLAS to run at full
// speed (512 was slower again: per-forward overhead).
const (
	DefaultBatchTokens   = 1024
	DefaultCommitWindows = 4096
)

func (o *Options) defaults() {
	if o.BatchTokens <= 0 {
		o.BatchTokens = DefaultBatchTokens
	}
	if o.CommitWindows <= 0 {
		o.CommitWindows = DefaultCommitWindows
	}
	o.Workers = max(o.Workers, 1)
}

// Position is how far a run has gone: the checkpoint besides the sums.
type Position struct {
	Lines   int64  `json:"lines"`   // lines consumed, every line counted
	Prefix  string `json:"prefix"`  // corpus.Reader.Prefix after them
	Windows int64  `json:"windows"` // windows run (this shard's)
	Tokens  int64  `json:"tokens"`  // window tokens pooled
}

// Run pools the corpus r into acc, starting from pos (the zero Position
// for a fresh run; a resumed run passes the checkpoint's and the sums
// restored into acc). After every CommitWindows windows, and at the end,
// it calls commit with the position reached; commit makes acc and the
// position durable. progress, if not nil, sees the position after each
// batch of windows.
//
// The sums' bytes depend only on the corpus and Options: chunks of
// CommitWindows windows start at the same lines whether or not a run was
// resumed, windows are batched by length within a chunk in a fixed order,
// and batches are added in that order whatever order workers finish in.
func Run(ctx context.Context, enc Encoder, tok Tokenizer, r *corpus.Reader, acc *Accum, pos Position, opt Options,
	commit func(Position) error, progress func(Position)) (Position, error) {
	opt.defaults()
	if err := skip(r, pos); err != nil {
		return pos, err
	}
	pool := make(chan []float32, 2*opt.Workers)
	for range cap(pool) {
		pool <- nil // allocated by the first batch that needs it
	}
	for {
		chunk, n, eof, err := readChunk(r, tok, opt)
		if err != nil {
			return pos, err
		}
		if len(chunk) > 0 {
			report := progress
			if progress != nil { // the chunk's lines are read, not yet committed
				report = func(p Position) { p.Lines += n; progress(p) }
			}
			if err := runChunk(ctx, enc, acc, chunk, opt, pool, &pos, report); err != nil {
				return pos, err
			}
		}
		pos.Lines += n
		pos.Prefix = r.Prefix()
		if commit != nil && (len(chunk) > 0 || eof) {
			if err := commit(pos); err != nil {
				return pos, err
			}
		}
		if eof {
			return pos, nil
		}
	}
}

// skip reads the lines an interrupted run consumed and checks they are
// the same text.
func skip(r *corpus.Reader, pos Position) error {
	for i := int64(0); i < pos.Lines; i++ {
		if _, err := r.Next(); err == io.EOF {
			return fmt.Errorf("%w: the corpus has %d lines, the interrupted run had read %d", ErrResume, i, pos.Lines)
		} else if err != nil {
			return err
		}
	}
	if pos.Lines > 0 && r.Prefix() != pos.Prefix {
		return fmt.Errorf("%w: the corpus's first %d lines differ from those the interrupted run read", ErrResume, pos.Lines)
	}
	return nil
}

// readChunk reads lines until it has CommitWindows windows or the corpus
// ends, and returns the windows ([CLS] ids [SEP]) and lines consumed.
func readChunk(r *corpus.Reader, tok Tokenizer, opt Options) (windows [][]int32, lines int64, eof bool, err error) {
	for len(windows) < opt.CommitWindows {
		line, err := r.Next()
		if err == io.EOF {
			return windows, lines, true, nil
		}
		if err != nil {
			return nil, 0, false, err
		}
		lines++
		if !opt.Shard.Takes(line.Number) || line.Text == "" {
			continue
		}
		ids, err := tok.IDs(line.Text)
		if err != nil {
			return nil, 0, false, fmt.Errorf("%w: line %d: %w", ErrTokenize, line.Number+1, err)
		}
		for lo := 0; lo < len(ids); lo += opt.Window {
			w := make([]int32, 0, min(opt.Window, len(ids)-lo)+2)
			w = append(w, opt.CLS)
			w = append(w, ids[lo:min(lo+opt.Window, len(ids))]...)
			windows = append(windows, append(w, opt.SEP))
		}
	}
	return windows, lines, false, nil
}

// batches orders a chunk's windows by length (stable) and cuts them into
// batches of at most BatchTokens padded ids, so that padding stays small.
func batches(windows [][]int32, batchTokens int) [][][]int32 {
	sorted := slices.Clone(windows)
	slices.SortStableFunc(sorted, func(a, b []int32) int { return len(a) - len(b) })
	var out [][][]int32
	for lo := 0; lo < len(sorted); {
		hi := lo + 1
		for hi < len(sorted) && (hi-lo+1)*len(sorted[hi]) <= batchTokens {
			hi++
		}
		out = append(out, sorted[lo:hi])
		lo = hi
	}
	return out
}

// runChunk runs a chunk's batches on Workers goroutines and adds each
// batch's rows to acc in batch order.
func runChunk(ctx context.Context, enc Encoder, acc *Accum, chunk [][]int32, opt Options, pool chan []float32, pos *Position, progress func(Position)) error {
	bs := batches(chunk, opt.BatchTokens)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		out []float32
		err error
	}
	results := make([]chan result, len(bs))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	type job struct {
		i   int
		buf []float32
	}
	next := make(chan job)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				rows := 0
				for _, w := range bs[j.i] {
					rows += len(w)
				}
				n := len(acc.Layers) * rows * acc.H
				if cap(j.buf) < n {
					j.buf = make([]float32, n)
				}
				out := j.buf[:n]
				err := enc.Contexts(ctx, out, bs[j.i], acc.Layers)
				results[j.i] <- result{out, err}
			}
		}()
	}
	// A batch takes one of the pool's 2·Workers output buffers and gives
	// it back once added: results wait in order, at most that many, and
	// the buffers are reused instead of becoming garbage.
	go func() {
		defer close(next)
		for i := range bs {
			var buf []float32
			select {
			case buf = <-pool:
			case <-ctx.Done():
				return
			}
			select {
			case next <- job{i, buf}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for i, b := range bs {
		var res result
		select {
		case res = <-results[i]:
		case <-ctx.Done():
			res.err = ctx.Err()
		}
		if res.err != nil {
			err = res.err
			break
		}
		acc.addBatch(b, res.out)
		pool <- res.out
		pos.Windows += int64(len(b))
		for _, w := range b {
			pos.Tokens += int64(len(w) - 2)
		}
		if progress != nil {
			progress(*pos)
		}
	}
	cancel()
	wg.Wait()
	return err
}
