//go:build cgo && !nolibtorch

package model

import (
	"fmt"
	"math"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// weightSource is a checkpoint's weights before they become tensors:
// safetensors (memory-mapped) or an unpickled pytorch_model.bin.
type weightSource interface {
	names() []string
	shape(name string) []int
	dtype(name string) string
	read(name string, dst []float32) error
	// view returns a tensor's float32 values in place, when the source
	// holds them so; the loader then needs no copy of its own.
	view(name string) ([]float32, bool)
	// done says a tensor is in libtorch and its source copy can go.
	done(name string)
	close()
}

// loader moves weights from a source onto a device, one tensor at a time,
// through one reusable host buffer, so peak memory stays near the size of
// the checkpoint plus the largest tensor.
type loader struct {
	src      weightSource
	raw      map[string]string // canonical name -> key in the file
	dev      gotch.Device
	buf      []float32
	own      *scope
	done     int // canonical tensors loaded
	total    int
	progress func(done, total int) // may be nil
}

// tensor loads the canonical tensors names, concatenated along dim 0 (one
// name for an ordinary weight, three for a fused query/key/value: their
// shapes agree past dim 0, CheckShapes made sure).
func (l *loader) tensor(names ...string) *ts.Tensor {
	if !l.own.ok() {
		return nil
	}
	defer l.finish(names)
	first := l.src.shape(l.raw[names[0]])
	if len(names) == 1 {
		if v, ok := l.src.view(l.raw[names[0]]); ok {
			return l.fromHost(names, v, first)
		}
	}
	width, rows := 1, 0
	for _, d := range first[1:] {
		width *= d
	}
	for _, n := range names {
		rows += l.src.shape(l.raw[n])[0]
	}
	if cap(l.buf) < rows*width {
		l.buf = make([]float32, rows*width)
	}
	buf, off := l.buf[:rows*width], 0
	for _, n := range names {
		k := l.raw[n]
		m := l.src.shape(k)[0] * width
		if err := l.src.read(k, buf[off:off+m]); err != nil {
			l.own.err = fmt.Errorf("read %s: %w", k, err)
			return nil
		}
		off += m
	}
	return l.fromHost(names, buf, append([]int{rows}, first[1:]...))
}

// finish releases the source copies of names and reports progress.
func (l *loader) finish(names []string) {
	for _, n := range names {
		l.src.done(l.raw[n])
	}
	l.done += len(names)
	if l.progress != nil {
		l.progress(l.done, l.total)
	}
}

// fromHost checks host values and makes them a tensor on the device.
func (l *loader) fromHost(names []string, buf []float32, dims []int) *ts.Tensor {
	if i := firstNonFinite(buf); i >= 0 {
		l.own.err = fmt.Errorf("%w: %v holds a non-finite value at element %d", ErrWeights, names, i)
		return nil
	}
	shape := make([]int64, len(dims))
	for i, d := range dims {
		shape[i] = int64(d)
	}
	var s scope // the host copy, dropped once it is on the device
	defer s.drop()
	t := toDevice(&s, l.dev, s.add(float32Tensor(buf, shape...)))
	if !s.ok() {
		l.own.err = fmt.Errorf("move %v to %v: %w", names, l.dev, s.err)
		return nil
	}
	return l.own.add(s.release(t), nil)
}

func firstNonFinite(x []float32) int {
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return i
		}
	}
	return -1
}

// buildBert makes a bert from src on dev. Shapes are checked against the
// config before any tensor is made.
func buildBert(cfg *Config, act Activation, src weightSource, dev Device, progress func(done, total int)) (b *bert, err error) {
	defer guard(&err, "build model")
	keys, err := MapKeys(src.names())
	if err != nil {
		return nil, err
	}
	for _, k := range keys.Ignored { // heads and aliases: let them go now
		src.done(k)
	}
	stored := map[string][]int{}
	for _, k := range keys.Raw {
		stored[k] = src.shape(k)
	}
	if err := CheckShapes(keys.Shapes(stored), cfg); err != nil {
		return nil, err
	}
	b = &bert{cfg: cfg, act: act, dev: gotchDevice(dev)}
	l := &loader{src: src, raw: keys.Raw, dev: b.dev, own: &b.own, total: len(ExpectedNames(cfg)), progress: progress}
	b.word = l.tensor("embeddings.word_embeddings.weight")
	b.pos = l.tensor("embeddings.position_embeddings.weight")
	typ := l.tensor("embeddings.token_type_embeddings.weight")
	if b.own.ok() {
		b.typ0 = b.own.add(typ.Select(0, 0, false))
	}
	b.embLNW = l.tensor("embeddings.LayerNorm.weight")
	b.embLNB = l.tensor("embeddings.LayerNorm.bias")
	b.layers = make([]layerWeights, cfg.NumHiddenLayers)
	for i := range b.layers {
		b.loadLayer(l, i)
	}
	if !b.own.ok() {
		err := b.own.err
		b.close()
		return nil, err
	}
	b.scale = ts.FloatScalar(b.scaleValue())
	return b, nil
}

func (b *bert) loadLayer(l *loader, i int) {
	p := fmt.Sprintf("encoder.layer.%d.", i)
	w := &b.layers[i]
	s := &b.own
	w.qkvW = l.tensor(p+"attention.self.query.weight", p+"attention.self.key.weight", p+"attention.self.value.weight")
	w.qkvB = l.tensor(p+"attention.self.query.bias", p+"attention.self.key.bias", p+"attention.self.value.bias")
	if s.ok() {
		b.splitQKV(w)
	}
	w.oW = l.tensor(p + "attention.output.dense.weight")
	w.oB = l.tensor(p + "attention.output.dense.bias")
	w.ln1W = l.tensor(p + "attention.output.LayerNorm.weight")
	w.ln1B = l.tensor(p + "attention.output.LayerNorm.bias")
	w.iW = l.tensor(p + "intermediate.dense.weight")
	w.iB = l.tensor(p + "intermediate.dense.bias")
	w.fW = l.tensor(p + "output.dense.weight")
	w.fB = l.tensor(p + "output.dense.bias")
	w.ln2W = l.tensor(p + "output.LayerNorm.weight")
	w.ln2B = l.tensor(p + "output.LayerNorm.bias")
}

// lower stores the four linear layers' weights, and the fused query-key-
// value bias, in bfloat16 (Precision BF16); the float32 originals are
// freed. The other biases stay float32: they join float32 sums.
func (b *bert) lower(p Precision) error {
	if p == FP32 {
		return nil
	}
	s := &b.own
	conv := func(t **ts.Tensor) {
		if !s.ok() {
			return
		}
		low := s.add((*t).Totype(gotch.BFloat16, false))
		if s.ok() {
			old := s.release(*t)
			old.MustDrop()
			*t = low
		}
	}
	for i := range b.layers {
		w := &b.layers[i]
		for _, v := range []*ts.Tensor{w.qW, w.qB, w.kvW, w.kvB} { // views of the fused originals
			s.release(v).MustDrop()
		}
		for _, t := range []**ts.Tensor{&w.qkvW, &w.qkvB, &w.oW, &w.iW, &w.fW} {
			conv(t)
		}
		if s.ok() {
			b.splitQKV(w)
		}
	}
	return s.err
}

// splitQKV makes the query and key-value views of the fused projection.
func (b *bert) splitQKV(w *layerWeights) {
	s, H := &b.own, b.hidden()
	w.qW = s.add(w.qkvW.Narrow(0, 0, H, false))
	w.qB = s.add(w.qkvB.Narrow(0, 0, H, false))
	w.kvW = s.add(w.qkvW.Narrow(0, H, 2*H, false))
	w.kvB = s.add(w.qkvB.Narrow(0, H, 2*H, false))
}
