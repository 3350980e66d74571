package main

import (
	"context"
	"fmt"
	"io"

	"github.com/bertvec/bertvec/internal/bundled"
	"github.com/bertvec/bertvec/model"
)

func init() {
	register(command{"info", "describe a checkpoint: weight file, format, dtypes, keys, config, vocab", runInfo}, help{
		Usage: "[--model DIR] [flags]",
		About: `Reads a checkpoint's config.json, vocab.txt and weight file headers and
says what bertvec found: which weight file and format, the stored dtypes,
how the keys are spelled, the config, the vocabulary and its special ids.
Nothing is run. Without --model it describes the bundled tiny model, as
extract would use it.`,
		Examples: []string{
			"bertvec info --model ~/models/bert-base-japanese",
			"bertvec info --model ~/models/bert-base-japanese --weights bin --json",
			"bertvec info",
		},
	})
}

// infoJSON is `info --json`; field names are a contract.
type infoJSON struct {
	Directory  string         `json:"directory"`
	Weights    string         `json:"weights"`
	Format     string         `json:"format"`
	DTypes     map[string]int `json:"dtypes"`
	Keys       string         `json:"keys"`
	Ignored    []string       `json:"ignored_keys"`
	Config     *model.Config  `json:"config"`
	Parameters int64          `json:"parameters"`
	Vocab      string         `json:"vocab"`
	VocabSize  int            `json:"vocab_size"`
	Specials   map[string]int `json:"specials"`
}

func runInfo(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("info", stderr)
	dir := fs.String("model", "", "checkpoint directory or Hub id ORG/NAME[@REVISION] (default: the bundled "+bundled.Name+")")
	weights := fs.String("weights", "auto", "weight file: auto, safetensors or bin")
	asJSON := fs.Bool("json", false, "print one JSON object instead of lines")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("info takes no arguments, got %q (did you mean --model?)", rest)
	}
	w, err := model.ParseWeightChoice(*weights)
	if err != nil {
		return usagef("--weights: %v", err)
	}
	ctx, stop := signalContext(context.Background())
	defer stop()
	ref, err := modelDir(ctx, *dir, modelOpts{Weights: *weights, Progress: progressTo(stderr)}, stderr)
	if err != nil {
		return err
	}
	d, err := model.Describe(ref.Dir, w)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSONLine(stdout, describeJSON(d))
	}
	d.Print(stdout)
	return nil
}

func describeJSON(d *model.Description) infoJSON {
	ck := d.Checkpoint
	sp := ck.Vocab.Specials()
	ignored := d.Ignored
	if ignored == nil {
		ignored = []string{} // [] rather than null: always a list
	}
	return infoJSON{
		Directory: ck.Dir, Weights: ck.WeightsPath, Format: fmt.Sprint(ck.Format), DTypes: d.DTypes,
		Keys: d.Style.String(), Ignored: ignored, Config: ck.Config, Parameters: d.Parameters,
		Vocab: ck.VocabPath, VocabSize: ck.Vocab.Len(),
		Specials: map[string]int{"[PAD]": sp.PAD, "[UNK]": sp.UNK, "[CLS]": sp.CLS, "[SEP]": sp.SEP, "[MASK]": sp.MASK},
	}
}
