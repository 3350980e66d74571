package main

import (
	"context"
	"fmt"
	"io"

	"github.com/bertvec/bertvec/hub"
)

func init() {
	register(command{"pull", "download a model from the Hugging Face Hub into the shared cache", runPull}, help{
		Usage: "ORG/NAME[@REVISION] [flags]",
		About: `Downloads what bertvec needs of a Hugging Face model (config.json,
vocab.txt, tokenizer_config.json and special_tokens_map.json when present,
and one weight format) into the cache huggingface_hub uses: HF_HUB_CACHE,
by default ~/.cache/huggingface/hub. Files already there, from bertvec or
from Python, are not downloaded again; an interrupted download resumes. The
revision is a branch, tag or commit (default main). The last line printed
is the snapshot directory, which any --model accepts. HF_TOKEN opens gated
and private models; HF_ENDPOINT names another Hub; with HF_HUB_OFFLINE=1
nothing is downloaded and pull only checks the cache.`,
		Examples: []string{
			"bertvec pull cl-tohoku/bert-base-japanese-whole-word-masking",
			"bertvec pull tohoku-nlp/bert-base-japanese-v3@main --weights bin",
			`dir=$(bertvec pull --quiet cl-tohoku/bert-base-japanese)`,
		},
	})
}

func runPull(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("pull", stderr)
	weights := fs.String("weights", "auto", "weight format to download: auto (safetensors if the repo has it), safetensors or bin")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("pull takes one model id, ORG/NAME[@REVISION] (got %d arguments)", len(rest))
	}
	switch *weights {
	case "auto", "safetensors", "bin":
	default:
		return usagef("--weights %q: want auto, safetensors or bin", *weights)
	}
	ref, err := hub.ParseRef(rest[0])
	if err != nil {
		return usagef("%v", err)
	}
	c, err := newHubClient(modelOpts{Weights: *weights, Progress: progressTo(stderr)})
	if err != nil {
		return err
	}
	ctx, stop := signalContext(context.Background())
	defer stop()
	snap, err := c.Download(ctx, ref)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s is commit %s (%d files)\n", ref, snap.Commit, len(snap.Files))
	fmt.Fprintln(stdout, snap.Dir)
	return nil
}
