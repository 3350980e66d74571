package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bertvec/bertvec/vecdir"
)

// Model is what --model adds: tokenizing free text and the dynamic
// vector of a word the vocabulary does not have. cmd/bertvec implements
// it with the tokenize and model packages, which keeps this package pure
// Go.
type Model interface {
	// Name says which model this is (a directory or Hub id).
	Name() string
	// Tokenize splits text as the model's tokenizer does; the result is
	// sent as JSON as it is.
	Tokenize(ctx context.Context, text string) (any, error)
	// Dynamic is the dynamic vector of word: the model's output for
	// [CLS] pieces [SEP], averaged over the word's pieces, with its
	// pieces' tokens.
	Dynamic(ctx context.Context, word string) (vec []float32, pieces []string, err error)
}

// Config is a server's set-up; the fields mirror `bertvec serve`'s flags.
type Config struct {
	Vectors string        // directory written by bertvec extract
	Kinds   []vecdir.Kind // nil: every kind Vectors holds
	Model   Model         // nil: no /api/tokenize, no unseen words
	// NoModelHint tells a client asking for the model how the server
	// would get one (the CLI names its flag); "" says nothing more.
	NoModelHint string
	Limits      Limits // zero value: DefaultLimits
	// CORS is the one origin allowed to call the API from another page
	// ("" sends no CORS header at all).
	CORS string
	// LoopbackOnly refuses requests whose Host is not a loopback name
	// (set it when listening on loopback; see loopbackHost).
	LoopbackOnly bool
	// Log receives one line per failed request; nil is quiet.
	Log io.Writer
}

// Server serves the page and the API for one vectors directory.
type Server struct {
	cfg    Config
	lim    Limits
	kinds  []*kind
	byName map[string]*kind
	single slots
	batch  slots
	mux    *http.ServeMux
	// handler is what HTTPServer serves: mux, or a test's wrapper of it.
	handler http.Handler
	bg      sync.WaitGroup // the start-up work
	ready   chan struct{}  // closed when it is done
}

// ErrShutdown reports in-flight requests that did not finish within the
// grace period.
var ErrShutdown = errors.New("requests still running at the shutdown deadline")

var errCanceled = errors.New("request canceled")

// New opens the vectors (memory-mapped once, shared by every request) and
// starts building each kind's search index and map in the background;
// queries are answered, exactly, before they are ready.
func New(cfg Config) (*Server, error) {
	lim := cfg.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits()
	}
	if lim.Single < 1 || lim.Batch < 1 || lim.MaxK < 1 || lim.MaxBatch < 1 || lim.MaxQuery < 1 || lim.MaxBody < 1 || lim.MaxTerms < 1 {
		return nil, fmt.Errorf("serve: every limit must be positive: %+v", lim)
	}
	ks, err := openKinds(cfg.Vectors, cfg.Kinds)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, lim: lim, kinds: ks, byName: map[string]*kind{},
		single: make(slots, lim.Single), batch: make(slots, lim.Batch)}
	for _, k := range ks {
		s.byName[k.name] = k
		k.co = newCoalescer(k.store)
	}
	// Maps first (the page waits for them), then the search index; Close
	// waits for this before it unmaps anything.
	s.ready = make(chan struct{})
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer close(s.ready)
		for _, k := range ks {
			k.layout, k.layoutErr = buildLayout(k.store)
			close(k.layoutDone)
		}
		for _, k := range ks {
			k.store.Prepare()
		}
	}()
	s.routes()
	s.handler = s.mux
	return s, nil
}

// Ready is closed when the start-up work (every kind's map and search
// index) is done; until then queries are answered, only slower.
func (s *Server) Ready() <-chan struct{} { return s.ready }

// Close unmaps the vectors; call it after Serve has returned.
// It waits for the start-up work (maps, index) to end first.
func (s *Server) Close() error {
	s.bg.Wait()
	return closeKinds(s.kinds)
}

// Handler is the server's whole HTTP surface.
func (s *Server) Handler() http.Handler { return s.mux }

// HTTPServer is an http.Server for Handler with the configured timeouts.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.lim.ReadTimeout,
		ReadTimeout:       s.lim.ReadTimeout,
		WriteTimeout:      s.lim.WriteTimeout,
		IdleTimeout:       s.lim.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// Serve answers on ln until ctx is done, then stops accepting, lets the
// requests in flight finish for up to grace and returns: nil when they
// all did, ErrShutdown (after closing the rest) when they did not.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := s.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("%w (%s): %w", ErrShutdown, grace, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// IsLoopback reports whether a listen address (host:port) only accepts
// connections from this machine; an empty host means every interface.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// kind returns the named kind; "" is the first (static when present).
func (s *Server) kind(name string) (*kind, error) {
	if name == "" {
		return s.kinds[0], nil
	}
	if k, ok := s.byName[name]; ok {
		return k, nil
	}
	want, err := vecdir.ParseKind(name)
	if err != nil {
		return nil, err
	}
	have := make([]vecdir.Kind, len(s.kinds))
	for i, k := range s.kinds {
		have[i] = k.store.Kind()
	}
	return nil, &vecdir.MissingKindError{Dir: s.cfg.Vectors, Kind: want, Have: have}
}
