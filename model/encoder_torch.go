//go:build cgo && !nolibtorch

package model

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/sugarme/gotch/ts"
)

// Encoder is a loaded BERT on one device. Static and Dynamic implement
// pipeline.Encoder; Dynamic and HiddenStates are safe for concurrent use
// (the weights are read-only). Close frees the weights.
type Encoder struct {
	ckpt  *Checkpoint
	b     *bert
	pin   *pinned
	layer int
	dev   Device
	mu    sync.RWMutex // Close waits for running forwards
}

// Load reads the checkpoint in dir and builds the encoder on the chosen
// device. Everything that can be checked cheaply (files, config, shapes,
// device availability) is checked before any weight is read.
func Load(ctx context.Context, dir string, opts ...Option) (*Encoder, error) {
	o := defaultOptions()
	for _, f := range opts {
		f(&o)
	}
	ck, err := Inspect(dir, o.weights)
	if err != nil {
		return nil, err
	}
	cfg := ck.Config
	layer := o.layer
	if layer == -1 {
		layer = cfg.NumHiddenLayers
	}
	if layer < 0 || layer > cfg.NumHiddenLayers {
		return nil, fmt.Errorf("%w: layer %d: the model has layers 0 (embeddings) to %d", ErrLayer, o.layer, cfg.NumHiddenLayers)
	}
	act, err := ParseActivation(cfg.HiddenAct)
	if err != nil {
		return nil, err
	}
	if err := CheckDevice(o.device); err != nil {
		return nil, err
	}
	tuneMalloc()
	if o.threads > 0 {
		if err := SetThreads(o.threads); err != nil {
			return nil, err
		}
	}
	if o.blas > 0 {
		if _, err := SetBLASThreads(o.blas); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src, err := openWeights(ck)
	if err != nil {
		return nil, err
	}
	defer src.close()
	b, err := buildBert(cfg, act, src, o.device, o.progress)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", ck.WeightsPath, err)
	}
	if err := b.lower(o.prec); err != nil {
		b.close()
		return nil, fmt.Errorf("load %s as %s: %w", ck.WeightsPath, o.prec, err)
	}
	e := &Encoder{ckpt: ck, b: b, layer: layer, dev: o.device}
	if e.pin, err = b.pin(int64(ck.Vocab.Specials().CLS), int64(ck.Vocab.Specials().SEP)); err != nil {
		b.close()
		return nil, fmt.Errorf("load %s: %w", ck.WeightsPath, err)
	}
	return e, nil
}

// openWeights opens the checkpoint's weight file in its format.
func openWeights(ck *Checkpoint) (weightSource, error) {
	if ck.Format == FormatSafetensors {
		return openSafetensors(ck.WeightsPath)
	}
	return openPickle(ck.WeightsPath)
}

// Checkpoint describes what Load read.
func (e *Encoder) Checkpoint() *Checkpoint { return e.ckpt }

// VocabSize is V.
func (e *Encoder) VocabSize() int { return e.ckpt.Config.VocabSize }

// Hidden is H.
func (e *Encoder) Hidden() int { return e.ckpt.Config.HiddenSize }

// Layer is the layer Dynamic returns (0 = embeddings).
func (e *Encoder) Layer() int { return e.layer }

// Device is where the weights live.
func (e *Encoder) Device() Device { return e.dev }

// Close frees the weights. Calls after Close return ErrClosed.
func (e *Encoder) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.b != nil {
		e.b.close()
		e.b = nil
	}
	return nil
}

// Static copies the input embedding matrix, V*H values, into dst.
func (e *Encoder) Static(dst []float32) error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.b == nil {
		return ErrClosed
	}
	if want := e.VocabSize() * e.Hidden(); len(dst) != want {
		return fmt.Errorf("static: dst holds %d values, want %d", len(dst), want)
	}
	return copyOut(e.b.word, dst)
}

// Dynamic writes, for every id, the chosen layer's output at position 1 of
// [CLS] id [SEP] into dst (len(ids)*H values).
func (e *Encoder) Dynamic(ctx context.Context, dst []float32, ids []int32) error {
	if err := e.checkIDs(dst, ids); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	id64 := make([]int64, len(ids))
	for i, id := range ids {
		id64[i] = int64(id)
	}
	if err := e.run("dynamic", dst, func(s *scope) *ts.Tensor { return e.b.position1(s, e.pin, id64, e.layer) }); err != nil {
		return err
	}
	return checkFinite(dst, e.Hidden(), func(row int) (int32, int, int) { return ids[row], row, 1 })
}

// run is how every forward runs: under the read lock (Close waits for it),
// with panics turned into errors, on one locked OS thread (libtorch keeps
// per-thread state: grad mode, the OpenMP team), its tensors freed when it
// returns, and its result copied into dst.
func (e *Encoder) run(what string, dst []float32, forward func(s *scope) *ts.Tensor) (err error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.b == nil {
		return ErrClosed
	}
	defer guard(&err, what)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var s scope
	defer s.drop()
	out := forward(&s)
	if !s.ok() {
		return fmt.Errorf("%s: %w", what, s.err)
	}
	return copyOut(out, dst)
}

func (e *Encoder) checkIDs(dst []float32, ids []int32) error {
	if len(ids) == 0 {
		return fmt.Errorf("%w: empty batch", ErrInput)
	}
	if len(dst) != len(ids)*e.Hidden() {
		return fmt.Errorf("%w: dst holds %d values, want %d×%d", ErrInput, len(dst), len(ids), e.Hidden())
	}
	for _, id := range ids {
		if id < 0 || int(id) >= e.VocabSize() {
			return fmt.Errorf("%w: id %d outside the vocabulary [0,%d)", ErrInput, id, e.VocabSize())
		}
	}
	return nil
}
