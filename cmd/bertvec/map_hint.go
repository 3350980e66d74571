package main

import (
	"errors"
	"fmt"

	"github.com/bertvec/bertvec/internal/mapbuild"
)

// mapHint names the flag of a mapbuild.OptionError (mapbuild names only
// its options) and adds the way out where there is one.
func mapHint(err error) error {
	var oe *mapbuild.OptionError
	if !errors.As(err, &oe) {
		return err
	}
	switch oe.Option {
	case "perplexity":
		return fmt.Errorf("--%w: lower it (e.g. --perplexity %d) or use --method pca", err, max(1, (oe.Tokens-1)/3))
	case "png":
		return fmt.Errorf("--%w (or pass --font)", err)
	}
	return fmt.Errorf("--%w", err)
}
