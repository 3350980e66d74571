//go:build cgo && !nolibtorch

package model

import (
	"context"
	"fmt"

	"github.com/sugarme/gotch/ts"
)

// HiddenStates runs BERT on a batch of equal-length id sequences with
// their 0/1 attention masks (nil for all ones) and returns the hidden state
// after layer (0 = embedding output, 1..N), B*S*H values row-major. It is
// the general forward; Dynamic is a faster special case of it.
func (e *Encoder) HiddenStates(ctx context.Context, ids, mask [][]int32, layer int) (out []float32, err error) {
	batch, seq, flat, m, err := e.flatten(ids, mask)
	if err != nil {
		return nil, err
	}
	if layer < 0 || layer > e.ckpt.Config.NumHiddenLayers {
		return nil, fmt.Errorf("%w: layer %d: the model has layers 0 to %d", ErrLayer, layer, e.ckpt.Config.NumHiddenLayers)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out = make([]float32, batch*seq*int64(e.Hidden()))
	if err := e.run("forward", out, func(s *scope) *ts.Tensor { return e.b.forward(s, flat, m, batch, seq, layer) }); err != nil {
		return nil, err
	}
	err = checkFinite(out, e.Hidden(), func(row int) (int32, int, int) {
		b, p := row/int(seq), row%int(seq)
		return ids[b][p], b, p
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// flatten checks a batch and lays it out as int64 rows.
func (e *Encoder) flatten(ids, mask [][]int32) (batch, seq int64, flat, m []int64, err error) {
	if len(ids) == 0 || len(ids[0]) == 0 {
		return 0, 0, nil, nil, fmt.Errorf("%w: empty batch", ErrInput)
	}
	batch, seq = int64(len(ids)), int64(len(ids[0]))
	if int(seq) > e.ckpt.Config.MaxPositionEmbeddings {
		return 0, 0, nil, nil, fmt.Errorf("%w: sequence of %d ids exceeds max_position_embeddings %d", ErrInput, seq, e.ckpt.Config.MaxPositionEmbeddings)
	}
	if mask != nil && len(mask) != len(ids) {
		return 0, 0, nil, nil, fmt.Errorf("%w: %d masks for %d sequences", ErrInput, len(mask), len(ids))
	}
	for i, row := range ids {
		if int64(len(row)) != seq || (mask != nil && len(mask[i]) != len(row)) {
			return 0, 0, nil, nil, fmt.Errorf("%w: sequence %d has length %d, want %d (pad and mask)", ErrInput, i, len(row), seq)
		}
		for j, id := range row {
			if id < 0 || int(id) >= e.VocabSize() {
				return 0, 0, nil, nil, fmt.Errorf("%w: id %d outside the vocabulary [0,%d)", ErrInput, id, e.VocabSize())
			}
			flat = append(flat, int64(id))
			if mask != nil {
				m = append(m, int64(mask[i][j]))
			}
		}
	}
	return batch, seq, flat, m, nil
}
