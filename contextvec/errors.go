package contextvec

import "errors"

// Sentinel errors; returned errors wrap one of them (or corpus.ErrCorpus)
// with the detail.
var (
	// ErrEmptyCorpus reports a corpus (or shard) without a single token.
	ErrEmptyCorpus = errors.New("empty corpus")
	// ErrTokenize reports a line the tokenizer could not handle.
	ErrTokenize = errors.New("tokenizer failed")
	// ErrResume reports a checkpoint that does not belong to this run: a
	// different model, corpus, layers, shard or batching.
	ErrResume = errors.New("cannot resume")
	// ErrShard reports a bad shard specification.
	ErrShard = errors.New("bad shard")
	// ErrMerge reports shards that cannot be merged.
	ErrMerge = errors.New("cannot merge")
)
