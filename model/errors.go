package model

import (
	"errors"
	"fmt"
)

// Errors about the files of a checkpoint. Each returned error wraps one of
// these and names the file, field or tensor at fault.
var (
	// ErrMissingFile reports a checkpoint directory or a file in it that
	// does not exist.
	ErrMissingFile = errors.New("missing file")
	// ErrConfig reports a config.json that cannot be parsed or whose values
	// are impossible (zero sizes, hidden size not divisible by heads).
	ErrConfig = errors.New("bad config.json")
	// ErrUnsupported reports a valid transformers setting the encoder does
	// not implement (another model_type, relative positions, swish).
	ErrUnsupported = errors.New("unsupported model")
	// ErrVocabMismatch reports a vocab.txt whose line count differs from
	// config.json's vocab_size.
	ErrVocabMismatch = errors.New("vocab.txt does not match config.json")
	// ErrWeights reports a weight file that cannot be read: unknown format,
	// truncated, corrupt, or holding unusable tensors.
	ErrWeights = errors.New("bad weights")
	// ErrNotStateDict reports a pytorch_model.bin holding something other
	// than a state dict (a list, a whole pickled module).
	ErrNotStateDict = fmt.Errorf("%w: not a state dict", ErrWeights)
	// ErrShape reports weights that do not fit config.json: a tensor with
	// the wrong shape, or an encoder tensor the config has no place for.
	ErrShape = errors.New("weights do not match config.json")
	// ErrMissingTensor reports an encoder tensor absent from the weights.
	ErrMissingTensor = fmt.Errorf("%w: missing tensor", ErrShape)
)
