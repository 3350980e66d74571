package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/bertvec/bertvec/search"
)

// handler answers one API request from its arguments.
type handler func(ctx context.Context, a *args) (any, error)

// endpoint is an API path, its handler and the parameters it takes;
// openapi.json must describe the same (a test checks).
type endpoint struct {
	h      handler
	params []string
}

var searchParams = []string{"kind", "k", "metric", "exclude_query", "exclude_special"}

func (s *Server) endpoints() map[string]endpoint {
	return map[string]endpoint{
		"/api/analogy":   {s.analogy, append([]string{"q", "queries"}, searchParams...)},
		"/api/neighbors": {s.neighbors, append([]string{"word", "words"}, searchParams...)},
		"/api/norms":     {s.norms, []string{"words", "word", "kind"}},
		"/api/tokenize":  {s.tokenize, []string{"text"}},
		"/api/dynamic":   {s.dynamic, append([]string{"word"}, searchParams[1:]...)}, // no kind: dynamic
		"/api/info":      {s.info, nil},
		"/api/map":       {s.mapLayout, []string{"kind"}},
		"/api/project":   {s.project, []string{"q", "kind", "metric"}},
	}
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	for path, e := range s.endpoints() {
		s.mux.Handle(path, s.api(e))
	}
	s.mux.Handle("/api/openapi.json", s.guard(http.HandlerFunc(serveOpenAPI)))
	s.mux.Handle("/api/", s.guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, errorJSON{fmt.Sprintf("no API endpoint %s (see /api/openapi.json)", r.URL.Path)})
	})))
	s.mux.Handle("/", s.guard(http.HandlerFunc(serveAsset)))
}

// guard applies what every response shares: the Host check of a loopback
// server, CORS (only for the configured origin) and headers that keep
// browsers from guessing types or framing the page.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if s.cfg.LoopbackOnly && !loopbackHost(r.Host) {
			writeJSON(w, http.StatusForbidden, errorJSON{fmt.Sprintf("host %q is not this machine: open http://127.0.0.1 instead", truncate(r.Host, 80))})
			return
		}
		if s.cfg.CORS != "" {
			h.Set("Access-Control-Allow-Origin", s.cfg.CORS)
			h.Set("Vary", "Origin")
			if r.Method == http.MethodOptions {
				h.Set("Access-Control-Allow-Methods", "GET, POST")
				h.Set("Access-Control-Allow-Headers", "Content-Type")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// api wraps an endpoint: method check, arguments, unknown names (before
// any work), errors as 400 {"error": ...}.
func (s *Server) api(e endpoint) http.Handler {
	return s.guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, HEAD, POST")
			writeJSON(w, http.StatusMethodNotAllowed, errorJSON{fmt.Sprintf("method %s: use GET or POST", r.Method)})
			return
		}
		a, err := readArgs(w, r, s.lim.MaxBody)
		if err == nil {
			err = a.unknown(e.params)
		}
		var v any
		if err == nil {
			v, err = e.h(r.Context(), a)
		}
		if errors.Is(err, search.ErrZeroQuery) {
			err = fmt.Errorf("%w (try metric=l2)", err)
		}
		if err != nil {
			st := statusOf(err)
			if s.cfg.Log != nil {
				fmt.Fprintf(s.cfg.Log, "%s %s: %d %v\n", r.Method, r.URL.Path, st, err)
			}
			writeJSON(w, st, errorJSON{err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, v)
	}))
}

// searchArgs are the arguments every neighbour search shares.
type searchArgs struct {
	kind *kind
	opt  search.Options
}

// searchArgs reads kind, k, metric, exclude_query and exclude_special; fixed, when not
// "", is the only kind the endpoint searches.
func (s *Server) searchArgs(a *args, fixed string) (searchArgs, error) {
	var sa searchArgs
	name, err := a.str("kind")
	if err != nil {
		return sa, err
	}
	if fixed != "" {
		if name != "" && name != fixed {
			return sa, badRequest("kind %q: this endpoint searches the %s vectors only", truncate(name, 40), fixed)
		}
		name = fixed
	}
	if sa.kind, err = s.kind(name); err != nil {
		return sa, err
	}
	k, err := a.int("k", 10)
	if err != nil {
		return sa, err
	}
	if k > s.lim.MaxK {
		return sa, badRequest("k = %d is over this server's limit of %d", k, s.lim.MaxK)
	}
	metric, err := a.str("metric")
	if err != nil {
		return sa, err
	}
	m := search.L2
	if metric != "" {
		if m, err = search.ParseMetric(metric); err != nil {
			return sa, err
		}
	}
	ex, err := a.bool("exclude_query")
	if err != nil {
		return sa, err
	}
	sp, err := a.bool("exclude_special")
	if err != nil {
		return sa, err
	}
	sa.opt = search.Options{K: k, Metric: m, ExcludeQuery: ex, ExcludeSpecial: sp}
	if k < 1 || k > sa.kind.store.Len() {
		return sa, fmt.Errorf("%w: k = %d, want 1..%d (the number of vectors)", search.ErrK, k, sa.kind.store.Len())
	}
	return sa, nil
}

// items returns the values of the one-item name (q, word) and of its list
// form (queries, words): exactly one of them must be given. batch is true
// for the list form and for a repeated GET parameter.
func (s *Server) items(a *args, one, many string) (vals []string, batch bool, err error) {
	ones, err := a.strings(one)
	if err != nil {
		return nil, false, err
	}
	lists, err := a.strings(many)
	if err != nil {
		return nil, false, err
	}
	switch {
	case len(ones) > 0 && len(lists) > 0:
		return nil, false, badRequest("give %s or %s, not both", one, many)
	case len(lists) > 0:
		vals, batch = lists, true
	case len(ones) > 1:
		vals, batch = ones, true
	case len(ones) == 1:
		vals = ones
	default:
		if raw, ok := a.post[many]; ok && string(raw) != "null" { // []
			return nil, false, badRequest("%s is empty", many)
		}
		return nil, false, badRequest("missing %s", one)
	}
	if len(vals) > s.lim.MaxBatch {
		return nil, false, badRequest("%d items in one request: this server's limit is %d", len(vals), s.lim.MaxBatch)
	}
	for _, v := range vals {
		if err := s.checkText(one, v); err != nil {
			return nil, false, err
		}
	}
	return vals, batch, nil
}

// checkText bounds one expression, word or text.
func (s *Server) checkText(name, v string) error {
	if len(v) > s.lim.MaxQuery {
		return badRequest("%s is %d bytes: this server's limit is %d", name, len(v), s.lim.MaxQuery)
	}
	if !utf8.ValidString(v) {
		return badRequest("%s is not valid UTF-8", name)
	}
	return nil
}

// parse parses an expression within the term limit.
func (s *Server) parse(text string) (search.Expression, error) {
	e, err := search.ParseExpression(text)
	if err != nil {
		return e, err
	}
	if len(e.Terms) > s.lim.MaxTerms {
		return e, &limitError{&httpError{http.StatusBadRequest, fmt.Sprintf("%d words in one expression: this server's limit is %d", len(e.Terms), s.lim.MaxTerms)}}
	}
	return e, nil
}

// acquire takes a single or batch slot, 503 when none frees up in time.
func (s *Server) acquire(ctx context.Context, batch bool) (release func(), err error) {
	sl := s.single
	if batch {
		sl = s.batch
	}
	if !sl.acquire(ctx, s.lim.Queue) {
		return nil, errBusy
	}
	return sl.release, nil
}

// limitError is a request over one of the server's limits.
type limitError struct{ *httpError }

func (e *limitError) Unwrap() error { return e.httpError }

func isLimit(err error) bool {
	var le *limitError
	return errors.As(err, &le)
}
