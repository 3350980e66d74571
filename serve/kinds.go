package serve

import (
	"errors"
	"fmt"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// kind is one opened kind of the vectors directory with what serving it
// needs: the store (memory-mapped once, shared by every request), the
// coalescer that answers single analogy queries together, and the map
// layout, computed once in the background.
type kind struct {
	name  string
	store *search.Store
	co    *coalescer

	layoutDone chan struct{} // closed when layout or layoutErr is set
	layout     *layout
	layoutErr  error
}

// openKinds opens want, or every kind the directory has when want is
// empty. A directory with no kind at all is an error.
func openKinds(dir string, want []vecdir.Kind) ([]*kind, error) {
	if len(want) == 0 {
		have, err := vecdir.Kinds(dir)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", vecdir.ErrVectors, err)
		}
		if len(have) == 0 {
			return nil, fmt.Errorf("%w: %s holds no vectors (no <kind>.npy)", vecdir.ErrVectors, dir)
		}
		want = have
	}
	var ks []*kind
	for _, k := range want {
		st, err := search.Open(dir, k)
		if err != nil {
			closeKinds(ks)
			return nil, err
		}
		ks = append(ks, &kind{name: k.String(), store: st, layoutDone: make(chan struct{})})
	}
	return ks, nil
}

func closeKinds(ks []*kind) error {
	var errs []error
	for _, k := range ks {
		if k.co != nil {
			k.co.stop()
		}
		errs = append(errs, k.store.Close())
	}
	return errors.Join(errs...)
}
