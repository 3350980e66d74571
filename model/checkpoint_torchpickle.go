package model

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bertvec/bertvec/model/torchpickle"
)

// openTorchFile opens a pytorch_model.bin with torchpickle, mapping its
// errors onto this package's: ErrNotStateDict for another object,
// ErrWeights for everything else (the torchpickle sentinel stays
// reachable through errors.Is).
func openTorchFile(path string) (*torchpickle.File, error) {
	f, err := torchpickle.Open(path)
	if err != nil {
		return nil, torchError(path, err)
	}
	return f, nil
}

func torchError(path string, err error) error {
	if errors.Is(err, torchpickle.ErrNotStateDict) {
		what := strings.TrimPrefix(err.Error(), torchpickle.ErrNotStateDict.Error()+": ")
		return fmt.Errorf("%w: %s: %s; save model.state_dict()", ErrNotStateDict, path, what)
	}
	return fmt.Errorf("%w: %s: %w", ErrWeights, path, err)
}

// checkTorchFile opens and closes path: the pickle parses, holds only
// allowed globals, and every tensor fits a storage the file holds.
func checkTorchFile(path string) error {
	f, err := openTorchFile(path)
	if err != nil {
		return err
	}
	return f.Close()
}
