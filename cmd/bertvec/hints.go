package main

import (
	"errors"
	"fmt"

	"github.com/bertvec/bertvec/vecdir"
)

// kindHint adds what to do to an error about a kind the vectors directory
// does not have: "no dynamic vectors in DIR (it has: static); use --kind
// static". Libraries return the typed error; naming the flag is cmd's job.
func kindHint(err error) error {
	var mk *vecdir.MissingKindError
	if errors.As(err, &mk) && len(mk.Have) > 0 {
		return fmt.Errorf("%w; use --kind %s", err, mk.Have[0])
	}
	return err
}
