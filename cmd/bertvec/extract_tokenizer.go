package main

import (
	"sort"

	"github.com/bertvec/bertvec/pipeline"
	"github.com/bertvec/bertvec/tokenize"
	"github.com/bertvec/bertvec/vecdir"
)

// describeTokenizer records the checkpoint's tokenizer for the vectors
// directory: its class in meta.json and its settings files copied, so
// that queries tokenize a word as the model does.
func describeTokenizer(o *pipeline.Options, dir string) error {
	s, err := tokenize.ReadSaved(dir)
	if err != nil {
		return err
	}
	tm := &vecdir.TokenizerMeta{Class: s.Class, Files: []string{}}
	for name := range s.Files {
		tm.Files = append(tm.Files, name)
	}
	sort.Strings(tm.Files)
	o.Model.Tokenizer, o.TokenizerFiles = tm, s.Files
	return nil
}
