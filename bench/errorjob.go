package bench

import (
	"context"
	"math"

	"github.com/bertvec/bertvec/model"
)

// errorJob loads the model twice on d, in fp32 and in j.Precision, runs
// the same j.IDs ids (spread evenly over the vocabulary) through both in
// batches of j.Batch, and compares every value.
func errorJob(ctx context.Context, j Job, d model.Device) (Measurement, error) {
	var m Measurement
	var encs [2]*model.Encoder
	for i, p := range []model.Precision{model.FP32, j.Precision} {
		e, err := model.Load(ctx, j.Model, model.WithDevice(d), model.WithLayer(j.Layer), model.WithPrecision(p))
		if err != nil {
			return m, err
		}
		defer e.Close()
		encs[i] = e
	}
	vocab, hidden := encs[0].VocabSize(), encs[0].Hidden()
	n := max(1, min(j.IDs, vocab))
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(i * vocab / n)
	}
	st := ErrorStats{IDs: n}
	sum := 0.0
	a, b := make([]float32, j.Batch*hidden), make([]float32, j.Batch*hidden)
	for lo := 0; lo < n; lo += j.Batch {
		chunk := ids[lo:min(n, lo+j.Batch)]
		k := len(chunk) * hidden
		if err := encs[0].Dynamic(ctx, a[:k], chunk); err != nil {
			return m, err
		}
		if err := encs[1].Dynamic(ctx, b[:k], chunk); err != nil {
			return m, err
		}
		for i := range k {
			d := math.Abs(float64(a[i]) - float64(b[i]))
			st.MaxAbs, sum = max(st.MaxAbs, d), sum+d
		}
	}
	st.MeanAbs = sum / float64(n*hidden)
	m.Error = &st
	return m, nil
}

// precisionError runs the error job for o.Precision on ErrorIDs ids
// (default 1024), at the first setting's batch size.
func (o *Options) precisionError(ctx context.Context, base Job) (*ErrorStats, error) {
	j := base
	j.Kind, j.Setting, j.IDs = KindError, o.Settings[0], o.ErrorIDs
	if j.IDs <= 0 {
		j.IDs = 1024
	}
	o.logf("comparing %s vectors with fp32's on %d ids", o.Precision, j.IDs)
	m, err := o.Exec(ctx, j)
	return m.Error, err
}
