package serve

import (
	"context"
	"errors"
	"io/fs"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// infoJSON is /api/info: what the server serves and within which limits.
type infoJSON struct {
	Vectors string       `json:"vectors"`
	Model   string       `json:"model,omitempty"`
	Kinds   []kindJSON   `json:"kinds"`
	Meta    *vecdir.Meta `json:"meta,omitempty"`
	Limits  limitsJSON   `json:"limits"`
}

type kindJSON struct {
	Name string `json:"name"`
	Rows int    `json:"rows"`
	Dim  int    `json:"dim"`
}

type limitsJSON struct {
	MaxBody  int64 `json:"max_body"`
	MaxQuery int   `json:"max_query"`
	MaxTerms int   `json:"max_terms"`
	MaxK     int   `json:"max_k"`
	MaxBatch int   `json:"max_batch"`
}

func (s *Server) info(ctx context.Context, a *args) (any, error) {
	in := infoJSON{Vectors: s.cfg.Vectors, Limits: limitsJSON{
		MaxBody: s.lim.MaxBody, MaxQuery: s.lim.MaxQuery, MaxTerms: s.lim.MaxTerms, MaxK: s.lim.MaxK, MaxBatch: s.lim.MaxBatch,
	}}
	if s.cfg.Model != nil {
		in.Model = s.cfg.Model.Name()
	}
	for _, k := range s.kinds {
		in.Kinds = append(in.Kinds, kindJSON{k.name, k.store.Len(), k.store.Dim()})
	}
	m, err := vecdir.ReadMeta(s.cfg.Vectors)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, errors.Join(errInternal, err)
	}
	in.Meta = m
	return in, nil
}

// mapLayout is /api/map: the kind's map, every id on it.
func (s *Server) mapLayout(ctx context.Context, a *args) (any, error) {
	name, err := a.str("kind")
	if err != nil {
		return nil, err
	}
	k, err := s.kind(name)
	if err != nil {
		return nil, err
	}
	l, err := k.getLayout(ctx.Done())
	if err != nil {
		return nil, errors.Join(errInternal, err)
	}
	voc := k.store.Vocab()
	labels := make([]string, voc.Len())
	for i := range labels {
		labels[i] = voc.Token(i)
	}
	return mapJSON{Kind: k.name, Caption: l.Caption, X: l.X, Y: l.Y, Label: labels}, nil
}

// projectJSON is /api/project: where an expression's query vector, and
// each of its words, fall on the kind's map.
type projectJSON struct {
	Query  string     `json:"query"`
	Kind   string     `json:"kind"`
	Metric string     `json:"metric"`
	Point  [2]float32 `json:"point"`
	Terms  []termJSON `json:"terms"`
}

type termJSON struct {
	Word  string     `json:"word"`
	Neg   bool       `json:"neg"`
	IDs   []int      `json:"ids"`
	Point [2]float32 `json:"point"`
}

// project places the query vector as search builds it (the signed sum of
// the words' vectors, unit vectors for cosine) with the map's projection.
func (s *Server) project(ctx context.Context, a *args) (any, error) {
	q, err := a.str("q")
	if err != nil {
		return nil, err
	}
	if q == "" {
		return nil, badRequest("missing q")
	}
	if err := s.checkText("q", q); err != nil {
		return nil, err
	}
	e, err := s.parse(q)
	if err != nil {
		return nil, err
	}
	name, err := a.str("kind")
	if err != nil {
		return nil, err
	}
	metric, err := a.str("metric")
	if err != nil {
		return nil, err
	}
	m := search.L2
	if metric != "" {
		if m, err = search.ParseMetric(metric); err != nil {
			return nil, err
		}
	}
	k, err := s.kind(name)
	if err != nil {
		return nil, err
	}
	l, err := k.getLayout(ctx.Done())
	if err != nil {
		return nil, errors.Join(errInternal, err)
	}
	out := projectJSON{Query: q, Kind: k.name, Metric: m.String()}
	sum := make([]float32, k.store.Dim())
	for _, t := range e.Terms {
		r, err := k.store.Resolve(t.Word)
		if err != nil {
			return nil, err
		}
		x, y := l.project(r.Vector)
		out.Terms = append(out.Terms, termJSON{Word: t.Word, Neg: t.Neg, IDs: r.IDs, Point: [2]float32{x, y}})
		v, scale := r.Vector, float32(1)
		if m == search.Cosine {
			if n := search.Norm(v); n > 0 {
				scale = float32(1 / n)
			}
		}
		if t.Neg {
			scale = -scale
		}
		for i, x := range v {
			sum[i] += scale * x
		}
	}
	x, y := l.project(sum)
	out.Point = [2]float32{x, y}
	return out, nil
}
