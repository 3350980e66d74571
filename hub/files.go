package hub

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
)

// The files bertvec needs from a BERT repo: these, plus one weight format.
var (
	requiredFiles = []string{"config.json", "vocab.txt"}
	optionalFiles = []string{"tokenizer_config.json", "special_tokens_map.json"}
)

// weightSet is one weight format: a single file, or an index naming shards.
type weightSet struct{ single, index string }

var (
	safetensors = weightSet{"model.safetensors", "model.safetensors.index.json"}
	torchBin    = weightSet{"pytorch_model.bin", "pytorch_model.bin.index.json"}
)

// formats lists the weight formats w accepts, preferred first.
func (w Weights) formats() []weightSet {
	switch w {
	case WeightsSafetensors:
		return []weightSet{safetensors}
	case WeightsBin:
		return []weightSet{torchBin}
	}
	return []weightSet{safetensors, torchBin}
}

func (w Weights) String() string {
	switch w {
	case WeightsSafetensors:
		return "model.safetensors"
	case WeightsBin:
		return "pytorch_model.bin"
	}
	return "model.safetensors or pytorch_model.bin"
}

// plan is what to fetch at one commit, from the repo's file list.
type plan struct {
	files  []string // config, vocab, optional ones present, weights (single or index)
	absent []string // optional files the repo does not have
	index  string   // the weights index, whose shards follow it; "" when single
}

// planFiles picks the files from the revision's siblings. A missing
// required file or weight format is ErrEntryNotFound naming it.
func planFiles(r Ref, siblings []string, w Weights) (plan, error) {
	have := make(map[string]bool, len(siblings))
	for _, s := range siblings {
		have[s] = true
	}
	var p plan
	for _, f := range requiredFiles {
		if !have[f] {
			return p, fmt.Errorf("%s has no %s (bertvec needs a BERT checkpoint with a WordPiece vocab): %w", r, f, ErrEntryNotFound)
		}
		p.files = append(p.files, f)
	}
	for _, f := range optionalFiles {
		if have[f] {
			p.files = append(p.files, f)
		} else {
			p.absent = append(p.absent, f)
		}
	}
	for _, ws := range w.formats() {
		switch {
		case have[ws.single]:
			p.files = append(p.files, ws.single)
			return p, nil
		case have[ws.index]:
			p.files = append(p.files, ws.index)
			p.index = ws.index
			return p, nil
		}
	}
	return p, fmt.Errorf("%s has no %s: %w", r, w, ErrEntryNotFound)
}

// maxIndex bounds a weights index read into memory (real ones are < 1 MiB).
const maxIndex = 64 << 20

// shardsOf parses a weights index (safetensors' and torch's share the
// "weight_map" shape) and returns its shard files, sorted. A shard must be
// a plain file name beside the index: the index comes from a stranger.
func shardsOf(data []byte, name string) ([]string, error) {
	var idx struct {
		WeightMap map[string]string `json:"weight_map"`
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", name, err, ErrIntegrity)
	}
	set := map[string]bool{}
	for _, f := range idx.WeightMap {
		if f == "" || f != path.Base(f) || strings.ContainsAny(f, "\\\x00") || f == "." || f == ".." || strings.HasPrefix(f, ".") {
			return nil, fmt.Errorf("%s: shard %q is not a file name: %w", name, f, ErrIntegrity)
		}
		set[f] = true
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%s: empty weight_map: %w", name, ErrIntegrity)
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out, nil
}
