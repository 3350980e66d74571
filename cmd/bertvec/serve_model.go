package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/vocab"
)

// serveModel is serve's --model: the encoder (one forward at a time) and
// its vocabulary. It implements serve.Model.
type serveModel struct {
	name string
	enc  *model.Encoder
	voc  *vocab.Vocab
	mu   sync.Mutex // the encoder runs one forward at a time
}

func loadServeModel(ctx context.Context, dir string) (*serveModel, error) {
	voc, err := vocab.Load(filepath.Join(dir, "vocab.txt"))
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	enc, err := model.Load(ctx, dir)
	if err != nil {
		return nil, err
	}
	return &serveModel{name: dir, enc: enc, voc: voc}, nil
}

func (m *serveModel) Close() error { return m.enc.Close() }

func (m *serveModel) Name() string { return m.name }

// tokenJSON is one token of /api/tokenize.
type tokenJSON struct {
	Text string `json:"text"`
	ID   int    `json:"id"`
	Word int    `json:"word"`
}

// Tokenize splits text at white space and each word into WordPiece
// pieces of the model's vocabulary (no MeCab word splitting).
func (m *serveModel) Tokenize(ctx context.Context, text string) (any, error) {
	out := []tokenJSON{}
	for w, word := range strings.Fields(text) {
		ids, err := m.voc.WordPiece(word)
		if err != nil {
			ids = []int{m.voc.Specials().UNK}
		}
		for _, id := range ids {
			out = append(out, tokenJSON{Text: m.voc.Token(id), ID: id, Word: w})
		}
	}
	return out, nil
}

// Dynamic runs [CLS] pieces [SEP] and averages the output at the pieces.
func (m *serveModel) Dynamic(ctx context.Context, word string) ([]float32, []string, error) {
	ids, err := m.voc.WordPiece(word)
	if err != nil {
		return nil, nil, fmt.Errorf("%q: %w", word, err)
	}
	sp := m.voc.Specials()
	seq := []int32{int32(sp.CLS)}
	pieces := make([]string, len(ids))
	for i, id := range ids {
		seq = append(seq, int32(id))
		pieces[i] = m.voc.Token(id)
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
	for p := 1; p <= len(ids); p++ {
		for j, x := range out[p*h : (p+1)*h] {
			vec[j] += x / float32(len(ids))
		}
	}
	return vec, pieces, nil
}
