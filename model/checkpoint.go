package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/vocab"
)

// File names of a Hugging Face checkpoint directory.
const (
	ConfigFile      = "config.json"
	VocabFile       = "vocab.txt"
	SafetensorsFile = "model.safetensors"
	BinFile         = "pytorch_model.bin"
)

// WeightChoice says which weight file Inspect uses when a directory has
// both; the empty choice means WeightsAuto.
type WeightChoice string

const (
	WeightsAuto        WeightChoice = "auto"        // model.safetensors, else pytorch_model.bin
	WeightsSafetensors WeightChoice = "safetensors" // model.safetensors only
	WeightsBin         WeightChoice = "bin"         // pytorch_model.bin only
)

// ParseWeightChoice parses "auto", "safetensors" or "bin" ("" is auto).
func ParseWeightChoice(s string) (WeightChoice, error) {
	switch c := WeightChoice(s); c {
	case "", WeightsAuto:
		return WeightsAuto, nil
	case WeightsSafetensors, WeightsBin:
		return c, nil
	}
	return "", fmt.Errorf("weights %q: want auto, safetensors or bin", s)
}

// WeightFormat is the format of a weight file, read from its first bytes.
type WeightFormat int

const (
	FormatSafetensors WeightFormat = iota + 1 // safetensors
	FormatBinZip                              // torch.save zip archive (torch ≥ 1.6)
	FormatBinLegacy                           // legacy torch.save: pickles then raw storages
)

// String returns "safetensors", "bin-zip" or "bin-legacy".
func (f WeightFormat) String() string {
	switch f {
	case FormatSafetensors:
		return "safetensors"
	case FormatBinZip:
		return "bin-zip"
	case FormatBinLegacy:
		return "bin-legacy"
	}
	return fmt.Sprintf("WeightFormat(%d)", int(f))
}

// Checkpoint is what Inspect found in a directory. Nothing stays open.
type Checkpoint struct {
	Dir                                string
	ConfigPath, VocabPath, WeightsPath string
	Format                             WeightFormat
	Config                             *Config
	Vocab                              *vocab.Vocab
	// Keys maps the canonical names to the stored keys. Inspect fills it
	// for safetensors, whose header it reads; for pytorch_model.bin it is
	// nil, since the keys are only known once the pickle is loaded.
	Keys *KeyMap
	// DTypes counts the used tensors per dtype ("F32": 197), safetensors only.
	DTypes map[string]int
}

// Inspect finds and checks a checkpoint in dir without reading weights:
// config.json (parsed and validated), vocab.txt (its line count must equal
// vocab_size) and the weight file, whose format is read from its bytes. For
// safetensors the header is read too and every encoder tensor's shape
// checked; for pytorch_model.bin the archive structure and the top of the
// pickle are checked, shapes being left to the loader.
func Inspect(dir string, choice WeightChoice) (*Checkpoint, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%w: checkpoint directory %s: %w", ErrMissingFile, dir, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a directory (want a checkpoint directory holding %s, %s and %s or %s)",
			ErrMissingFile, dir, ConfigFile, VocabFile, SafetensorsFile, BinFile)
	}
	ck := &Checkpoint{Dir: dir, ConfigPath: filepath.Join(dir, ConfigFile), VocabPath: filepath.Join(dir, VocabFile)}
	var err error
	if err = needFile(ck.ConfigPath, "the model's config.json"); err != nil {
		return nil, err
	}
	if ck.Config, err = LoadConfig(ck.ConfigPath); err != nil {
		return nil, err
	}
	if err = needFile(ck.VocabPath, "the WordPiece vocabulary, one token per line"); err != nil {
		return nil, err
	}
	if ck.Vocab, err = vocab.Load(ck.VocabPath); err != nil {
		return nil, err
	}
	if n := ck.Vocab.Len(); n != ck.Config.VocabSize {
		return nil, fmt.Errorf("%w: %s has vocab_size %d but %s has %d lines",
			ErrVocabMismatch, ck.ConfigPath, ck.Config.VocabSize, ck.VocabPath, n)
	}
	if ck.WeightsPath, err = findWeights(dir, choice); err != nil {
		return nil, err
	}
	if ck.Format, err = DetectFormat(ck.WeightsPath); err != nil {
		return nil, err
	}
	if err = ck.checkWeights(); err != nil {
		return nil, err
	}
	return ck, nil
}

// needFile reports a missing file, saying what it is for.
func needFile(path, what string) error {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s not found (%s)", ErrMissingFile, path, what)
		}
		return fmt.Errorf("%w: %w", ErrMissingFile, err)
	}
	if st.IsDir() {
		return fmt.Errorf("%w: %s is a directory (%s)", ErrMissingFile, path, what)
	}
	return nil
}

func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// findWeights picks the weight file for choice.
func findWeights(dir string, choice WeightChoice) (string, error) {
	st, bin := filepath.Join(dir, SafetensorsFile), filepath.Join(dir, BinFile)
	switch choice {
	case WeightsSafetensors:
		return st, needFile(st, "asked for with weights=safetensors")
	case WeightsBin:
		return bin, needFile(bin, "asked for with weights=bin")
	case "", WeightsAuto:
	default:
		return "", fmt.Errorf("weights %q: want auto, safetensors or bin", choice)
	}
	if exists(st) {
		return st, nil
	}
	if exists(bin) {
		return bin, nil
	}
	var hints string
	for _, other := range []struct{ file, why string }{
		{SafetensorsFile + ".index.json", "sharded safetensors are not supported"},
		{BinFile + ".index.json", "sharded pytorch_model.bin is not supported"},
		{"tf_model.h5", "TensorFlow weights are not supported; convert them with transformers"},
		{"flax_model.msgpack", "Flax weights are not supported; convert them with transformers"},
	} {
		if exists(filepath.Join(dir, other.file)) {
			hints += fmt.Sprintf("; found %s: %s", other.file, other.why)
		}
	}
	return "", fmt.Errorf("%w: no weights in %s (looked for %s and %s)%s", ErrMissingFile, dir, SafetensorsFile, BinFile, hints)
}
