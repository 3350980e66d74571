package serve

import (
	"context"
	"errors"
	"fmt"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// analogy answers q (one expression: one search.QueryAnswer, an error is
// a 400) or queries (a batch: one QueryAnswer each, failures in their
// "error" field, as `bertvec analogy --queries` prints them).
func (s *Server) analogy(ctx context.Context, a *args) (any, error) {
	texts, batch, sa, release, err := s.searchItems(ctx, a, "q", "queries")
	if err != nil {
		return nil, err
	}
	defer release()
	if !batch {
		e, err := s.parse(texts[0])
		if err != nil {
			return nil, err
		}
		ans, err := sa.kind.co.answer(ctx, e, sa.opt)
		if err != nil {
			return nil, err
		}
		return search.NewQueryAnswer(texts[0], sa.kind.store.Kind(), sa.opt.Metric, ans), nil
	}
	return s.analogyBatch(ctx, sa, texts)
}

// analogyBatch answers a batch in chunks of batchChunk, each one
// search.AnswerAll pass (the CLI's --queries path), so that a canceled
// request (client gone, shutdown past its deadline) stops early.
func (s *Server) analogyBatch(ctx context.Context, sa searchArgs, texts []string) ([]search.QueryAnswer, error) {
	out := make([]search.QueryAnswer, len(texts))
	var ok []string // the texts within the term limit, answered together
	var at []int
	for i, t := range texts {
		if _, err := s.parse(t); isLimit(err) {
			out[i] = search.QueryAnswer{Query: t, Error: err.Error()}
			continue
		}
		ok, at = append(ok, t), append(at, i)
	}
	for lo := 0; lo < len(ok); lo += batchChunk {
		if ctx.Err() != nil {
			return nil, errCanceled
		}
		hi := min(lo+batchChunk, len(ok))
		for j, ans := range sa.kind.store.AnswerAll(ok[lo:hi], sa.opt) {
			out[at[lo+j]] = ans
		}
	}
	return out, nil
}

// searchItems is the common start of a search endpoint: the items (one
// under the parameter one, or a batch under many), the search arguments,
// and a slot from the concurrency limit, which the caller releases.
func (s *Server) searchItems(ctx context.Context, a *args, one, many string) (items []string, batch bool, sa searchArgs, release func(), err error) {
	if items, batch, err = s.items(a, one, many); err != nil {
		return nil, false, sa, nil, err
	}
	if sa, err = s.searchArgs(a, ""); err != nil {
		return nil, false, sa, nil, err
	}
	if release, err = s.acquire(ctx, batch); err != nil {
		return nil, false, sa, nil, err
	}
	return items, batch, sa, release, nil
}

// batchChunk is how many queries of a batch share one pass.
const batchChunk = 64

// neighbors answers word (one search.NeighborAnswer) or words (a list).
func (s *Server) neighbors(ctx context.Context, a *args) (any, error) {
	words, batch, sa, release, err := s.searchItems(ctx, a, "word", "words")
	if err != nil {
		return nil, err
	}
	defer release()
	out := make([]search.NeighborAnswer, len(words))
	for i, w := range words {
		if ctx.Err() != nil {
			return nil, errCanceled
		}
		ans, err := sa.kind.co.answer(ctx, search.Expression{Terms: []search.Term{{Word: w}}}, sa.opt)
		if err != nil {
			return nil, err
		}
		out[i] = search.NeighborAnswer{Word: w, Kind: sa.kind.name, Metric: sa.opt.Metric.String(), Results: ans.Results}
	}
	if !batch {
		return out[0], nil
	}
	return out, nil
}

// norms answers words (or word): one search.NormAnswer each, always a
// list, as `bertvec norms --json` prints one line per word.
func (s *Server) norms(ctx context.Context, a *args) (any, error) {
	words, _, err := s.items(a, "word", "words")
	if err != nil {
		return nil, err
	}
	name, err := a.str("kind")
	if err != nil {
		return nil, err
	}
	k, err := s.kind(name)
	if err != nil {
		return nil, err
	}
	out := make([]search.NormAnswer, len(words))
	for i, w := range words {
		r, err := k.store.Resolve(w)
		if err != nil {
			return nil, err
		}
		out[i] = search.NewNormAnswer(w, k.store.Kind(), r)
	}
	return out, nil
}

// ErrNoModel answers /api/tokenize and /api/dynamic on a server without
// Config.Model; Config.NoModelHint follows it.
var ErrNoModel = errors.New("this server has no model")

func (s *Server) noModel() error {
	if s.cfg.NoModelHint != "" {
		return badRequest("%v: %s", ErrNoModel, s.cfg.NoModelHint)
	}
	return badRequest("%v", ErrNoModel)
}

// tokenize splits text with the model's tokenizer.
func (s *Server) tokenize(ctx context.Context, a *args) (any, error) {
	text, err := a.str("text")
	if err != nil {
		return nil, err
	}
	if s.cfg.Model == nil {
		return nil, s.noModel()
	}
	if text == "" {
		return nil, badRequest("missing text")
	}
	if err := s.checkText("text", text); err != nil {
		return nil, err
	}
	release, err := s.acquire(ctx, false)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.cfg.Model.Tokenize(ctx, text)
}

// dynamicJSON is /api/dynamic's answer: a word's dynamic vector computed
// by the model, and its neighbours among the dynamic vectors.
type dynamicJSON struct {
	Word    string           `json:"word"`
	Pieces  []string         `json:"pieces"`
	Kind    string           `json:"kind"`
	Metric  string           `json:"metric"`
	Norm    search.JSONFloat `json:"norm"`
	Results []search.Result  `json:"results"`
}

// dynamic computes a word's dynamic vector with the model, the vocabulary
// having it or not, and searches the dynamic vectors with it.
func (s *Server) dynamic(ctx context.Context, a *args) (any, error) {
	word, err := a.str("word")
	if err != nil {
		return nil, err
	}
	if s.cfg.Model == nil {
		return nil, s.noModel()
	}
	if word == "" {
		return nil, badRequest("missing word")
	}
	if err := s.checkText("word", word); err != nil {
		return nil, err
	}
	sa, err := s.searchArgs(a, vecdir.Dynamic.String())
	if err != nil {
		return nil, err
	}
	release, err := s.acquire(ctx, false)
	if err != nil {
		return nil, err
	}
	defer release()
	vec, pieces, err := s.cfg.Model.Dynamic(ctx, word)
	if err != nil {
		return nil, err
	}
	if len(vec) != sa.kind.store.Dim() {
		return nil, fmt.Errorf("%w: the model's vectors have %d dimensions, the dynamic vectors %d: not the model these vectors came from", errInternal, len(vec), sa.kind.store.Dim())
	}
	res, err := sa.kind.store.Search(vec, sa.opt)
	if err != nil {
		return nil, err
	}
	return dynamicJSON{Word: word, Pieces: pieces, Kind: sa.kind.name, Metric: sa.opt.Metric.String(), Norm: search.JSONFloat(search.Norm(vec)), Results: res}, nil
}
