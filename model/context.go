package model

import "fmt"

// packed is a batch of windows laid out for one padded forward: ids and
// the 0/1 mask as [batch, seq] rows, and the flat indices (into
// batch·seq) of the real positions in window order. mask and real are nil
// when every window has the same length.
type packed struct {
	batch, seq int64
	ids, mask  []int64
	real       []int64
	rows       int // real positions in all
}

// limits is what packWindows checks windows and layers against.
type limits struct {
	vocab, maxPos, layers int
}

func contextErr(format string, args ...any) error {
	return fmt.Errorf("%w: contexts: %s", ErrInput, fmt.Sprintf(format, args...))
}

// packWindows checks the windows and layers of a Contexts call and pads the
// windows to the longest. Padding uses id 0, which always exists: masked
// keys get exactly zero attention, so the id under them never matters.
func packWindows(windows [][]int32, layers []int, lim limits) (*packed, error) {
	if len(windows) == 0 {
		return nil, contextErr("no windows")
	}
	if len(layers) == 0 {
		return nil, contextErr("no layers")
	}
	seen := make(map[int]bool, len(layers))
	for _, l := range layers {
		if l < 0 || l > lim.layers {
			return nil, fmt.Errorf("%w: layer %d: the model has layers 0 (embeddings) to %d", ErrLayer, l, lim.layers)
		}
		if seen[l] {
			return nil, contextErr("layer %d asked for twice", l)
		}
		seen[l] = true
	}
	p := &packed{batch: int64(len(windows))}
	ragged := false
	for i, w := range windows {
		if len(w) == 0 {
			return nil, contextErr("window %d is empty", i)
		}
		if len(w) > lim.maxPos {
			return nil, contextErr("window %d has %d ids, more than max_position_embeddings %d", i, len(w), lim.maxPos)
		}
		for _, id := range w {
			if id < 0 || int(id) >= lim.vocab {
				return nil, contextErr("window %d: id %d outside the vocabulary [0,%d)", i, id, lim.vocab)
			}
		}
		ragged = ragged || len(w) != len(windows[0])
		p.seq = max(p.seq, int64(len(w)))
		p.rows += len(w)
	}
	p.ids = make([]int64, p.batch*p.seq)
	if ragged {
		p.mask = make([]int64, p.batch*p.seq)
		p.real = make([]int64, 0, p.rows)
	}
	for i, w := range windows {
		row := int64(i) * p.seq
		for j, id := range w {
			p.ids[row+int64(j)] = int64(id)
			if ragged {
				p.mask[row+int64(j)] = 1
				p.real = append(p.real, row+int64(j))
			}
		}
	}
	return p, nil
}
