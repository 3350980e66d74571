package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/internal/bundled"
)

// modelRef is a model ready to load: its directory and, when it was given
// as a Hub id, where it came from (for meta.json).
type modelRef struct {
	Dir                     string
	HubID, Revision, Commit string
}

// modelOpts says how resolveModel may fetch a Hub model.
type modelOpts struct {
	// Weights is "auto", "safetensors" or "bin": the format to download.
	Weights string
	// Progress gets download progress (bars on a terminal, lines
	// otherwise); nil shows nothing.
	Progress io.Writer
}

// resolveModel turns --model into a directory. A path that exists wins;
// otherwise ORG/NAME[@REVISION] is resolved through the Hugging Face cache
// (HF_HUB_CACHE), downloading what is missing unless HF_HUB_OFFLINE is set.
func resolveModel(ctx context.Context, spec string, opts modelOpts) (modelRef, error) {
	if fi, err := os.Stat(spec); err == nil {
		if !fi.IsDir() {
			return modelRef{}, fmt.Errorf("%s is a file; --model wants a checkpoint directory or a Hub id", spec)
		}
		return modelRef{Dir: spec}, nil
	}
	ref, err := hub.ParseRef(spec)
	if err != nil {
		return modelRef{}, fmt.Errorf("%s: no such directory, and not a Hub id (ORG/NAME[@REVISION])", spec)
	}
	c, err := newHubClient(opts)
	if err != nil {
		return modelRef{}, err
	}
	snap, err := c.Resolve(ctx, ref)
	if err != nil {
		return modelRef{}, hubHint(spec, err)
	}
	return modelRef{Dir: snap.Dir, HubID: snap.ID, Revision: snap.Revision, Commit: snap.Commit}, nil
}

// newHubClient is a Hub client configured by the HF_* variables.
func newHubClient(opts modelOpts) (*hub.Client, error) {
	env, err := hub.FromEnv()
	if err != nil {
		return nil, usagef("%v", err)
	}
	w := hub.WeightsAuto
	switch opts.Weights {
	case "safetensors":
		w = hub.WeightsSafetensors
	case "bin":
		w = hub.WeightsBin
	}
	return hub.New(append(env, hub.WithWeights(w), hub.WithProgress(hubProgress(opts.Progress)))...)
}

// hubHint says, for an error that a mistyped local path would also
// cause, that spec was tried both ways.
func hubHint(spec string, err error) error {
	if errors.Is(err, hub.ErrGated) || errors.Is(err, hub.ErrUnauthorized) || errors.Is(err, hub.ErrIntegrity) || errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%s is not a local directory; as a Hub id: %w", spec, err)
}

// modelDir resolves --model for a command that loads a checkpoint: empty
// (or the bundled name) is the bundled model, unpacked once into the user's
// cache (bundled.Dir: a fixed place, so nothing leaks when killed);
// anything else goes to resolveModel.
func modelDir(ctx context.Context, spec string, opts modelOpts, stderr io.Writer) (modelRef, error) {
	if spec != "" && spec != bundled.Name {
		return resolveModel(ctx, spec, opts)
	}
	dir, err := bundled.Dir("")
	if err != nil {
		return modelRef{}, err
	}
	fmt.Fprintf(stderr, "using the bundled %s (random weights: it shows the mechanics, not what BERT learned)\n", bundled.Name)
	return modelRef{Dir: dir}, nil
}
