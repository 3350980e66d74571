package model

import (
	"errors"
	"fmt"
	"math"
)

// ErrNonFinite reports a forward whose output holds NaN or ±Inf: finite
// weights can still overflow (a matrix scaled by 1e37), and such vectors
// must not be written as a result.
var ErrNonFinite = errors.New("non-finite output")

// NonFiniteError names the first input whose output is not finite.
type NonFiniteError struct {
	ID    int32   // the vocabulary id
	Seq   int     // its sequence in the batch (Dynamic: its row)
	Pos   int     // its position in the sequence (Dynamic: 1)
	Value float32 // the first bad value
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("%v: the output for id %d (sequence %d, position %d) holds %v; the weights overflow in the forward pass",
		ErrNonFinite, e.ID, e.Seq, e.Pos, e.Value)
}

func (e *NonFiniteError) Unwrap() error { return ErrNonFinite }

// checkFinite scans out, rows of width values, and returns a
// *NonFiniteError for the first row holding NaN or ±Inf; id(row) gives the
// row's id, sequence and position.
func checkFinite(out []float32, width int, id func(row int) (int32, int, int)) error {
	for i, v := range out {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			e := &NonFiniteError{Value: v}
			e.ID, e.Seq, e.Pos = id(i / width)
			return e
		}
	}
	return nil
}
