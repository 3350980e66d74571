package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/tokenize"
	"github.com/bertvec/bertvec/vecdir"
)

// serveModel is serve's --model: the checkpoint's tokenizer and encoder
// (one forward at a time). It implements serve.Model.
type serveModel struct {
	name string
	enc  *model.Encoder
	tok  *tokenize.Tokenizer
	mu   sync.Mutex // the encoder runs one forward at a time
}

// loadServeModel resolves --model (a directory or a Hub id) and loads its
// tokenizer and weights, computing the layer, in the precision, that the
// dynamic vectors in vectors were extracted with (meta.json; default the
// last layer, fp32).
func loadServeModel(ctx context.Context, spec, vectors string, stderr io.Writer) (*serveModel, error) {
	ref, err := resolveModel(ctx, spec, modelOpts{Weights: "auto", Progress: progressTo(stderr)})
	if err != nil {
		return nil, err
	}
	tok, err := tokenize.Load(ref.Dir)
	if err != nil {
		return nil, err
	}
	var opts []model.Option
	if m, err := vecdir.ReadMeta(vectors); err == nil {
		if km := m.Kind(vecdir.Dynamic); km != nil && km.Layer != nil {
			opts = append(opts, model.WithLayer(*km.Layer))
		}
		if km := m.Kind(vecdir.Dynamic); km != nil && km.Precision != "" {
			p, err := model.ParsePrecision(km.Precision)
			if err != nil {
				return nil, fmt.Errorf("%s: dynamic: %w", vecdir.MetaFile, err)
			}
			opts = append(opts, model.WithPrecision(p))
		}
	}
	enc, err := model.Load(ctx, ref.Dir, opts...)
	if err != nil {
		tok.Close()
		return nil, err
	}
	name := spec
	if ref.HubID != "" && ref.Commit != "" {
		name = ref.HubID + "@" + ref.Commit
	}
	return &serveModel{name: name, enc: enc, tok: tok}, nil
}

func (m *serveModel) Close() error {
	m.tok.Close()
	return m.enc.Close()
}

func (m *serveModel) Name() string { return m.name }

// tokenizeJSON is /api/tokenize's answer.
type tokenizeJSON struct {
	Text   string      `json:"text"`
	Class  string      `json:"class"`
	Tokens []tokenJSON `json:"tokens"`
}

type tokenJSON struct {
	Text string `json:"text"`
	ID   int32  `json:"id"`
	Word int    `json:"word"`
}

// Tokenize splits text as transformers' tokenizer of the checkpoint does
// (package tokenize), without [CLS] and [SEP].
func (m *serveModel) Tokenize(ctx context.Context, text string) (any, error) {
	toks, err := m.tok.Tokenize(text)
	if err != nil {
		return nil, err
	}
	out := tokenizeJSON{Text: text, Class: m.tok.Class(), Tokens: make([]tokenJSON, len(toks))}
	for i, t := range toks {
		out.Tokens[i] = tokenJSON{t.Text, t.ID, t.Word}
	}
	return out, nil
}

// Dynamic runs [CLS] pieces [SEP] for a word the tokenizer splits into
// pieces and averages the last layer's output over the pieces; for a
// one-piece word this is exactly its dynamic vector.
func (m *serveModel) Dynamic(ctx context.Context, word string) ([]float32, []string, error) {
	toks, err := m.tok.Tokenize(word)
	if err != nil {
		return nil, nil, err
	}
	if len(toks) == 0 {
		return nil, nil, tokenize.ErrInput
	}
	sp := m.tok.Vocab().Specials()
	seq := []int32{int32(sp.CLS)}
	pieces := make([]string, len(toks))
	for i, t := range toks {
		seq = append(seq, t.ID)
		pieces[i] = t.Text
	}
	seq = append(seq, int32(sp.SEP))
	m.mu.Lock()
	out, err := m.enc.HiddenStates(ctx, [][]int32{seq}, nil, m.enc.Layer())
	m.mu.Unlock()
	if err != nil {
		return nil, nil, err
	}
	h := m.enc.Hidden()
	vec := make([]float32, h)
	for p := 1; p <= len(toks); p++ {
		for j, x := range out[p*h : (p+1)*h] {
			vec[j] += x / float32(len(toks))
		}
	}
	return vec, pieces, nil
}
