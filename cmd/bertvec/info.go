package main

import (
	"io"

	"github.com/bertvec/bertvec/model"
)

func init() {
	register(command{"info", "describe a checkpoint: weight file, format, dtypes, keys, config, vocab", runInfo})
}

func runInfo(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("info", stderr)
	dir := fs.String("model", "", "Hugging Face BERT checkpoint directory (required)")
	weights := fs.String("weights", "auto", "weight file: auto, safetensors or bin")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("info takes no arguments, got %q (did you mean --model?)", rest)
	}
	if *dir == "" {
		return usagef("--model is required")
	}
	w, err := model.ParseWeightChoice(*weights)
	if err != nil {
		return usagef("--weights: %v", err)
	}
	d, err := model.Describe(*dir, w)
	if err != nil {
		return err
	}
	d.Print(stdout)
	return nil
}
