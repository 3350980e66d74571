package pipeline

import "context"

// Encoder is what the pipeline needs from a model: the embedding matrix and
// a batched forward pass. model.Encoder implements it on libtorch; tests use
// a fake. Dynamic must be safe for concurrent use by several workers.
//
// A resumed extract recomputes only the missing batches, each with the same
// ids as before; its files match an uninterrupted run's byte for byte only
// if Dynamic is deterministic for a given batch.
type Encoder interface {
	// VocabSize is V, the number of ids.
	VocabSize() int
	// Hidden is H, the width of one vector.
	Hidden() int
	// Static copies the input embedding matrix, V*H float32 row-major, into dst.
	Static(dst []float32) error
	// Dynamic runs [CLS] id [SEP] for every id in ids as one batch and writes
	// the chosen layer's output at position 1, len(ids)*H float32, into dst.
	// It should return early with ctx.Err() when ctx is cancelled before
	// the forward pass starts; a pass already running may finish.
	Dynamic(ctx context.Context, dst []float32, ids []int32) error
}
