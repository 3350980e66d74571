package hub

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bertvec/bertvec/internal/env"
)

// DefaultEndpoint is huggingface_hub's ENDPOINT when HF_ENDPOINT is unset.
const DefaultEndpoint = "https://huggingface.co"

// Weights chooses which weight format a download fetches.
type Weights int

const (
	// WeightsAuto fetches model.safetensors when the repo has it, else
	// pytorch_model.bin (each possibly sharded behind an index).
	WeightsAuto Weights = iota
	WeightsSafetensors
	WeightsBin
)

// Client downloads models into a huggingface_hub cache. It is safe for
// concurrent use; concurrent downloads of one blob, in this process or
// another, serialise on the blob's lock file.
type Client struct {
	endpoint        *url.URL
	cache           Cache
	token           string
	offline         bool
	etagTimeout     time.Duration
	downloadTimeout time.Duration
	tries           int
	backoff         time.Duration
	maxBackoff      time.Duration
	weights         Weights
	report          func(Event)
	http            *http.Client
}

// Option configures a Client.
type Option func(*Client) error

// New returns a client with huggingface_hub's defaults (endpoint
// huggingface.co, the default cache, 10 s timeouts, 5 tries) changed by
// opts. Use FromEnv for the options the environment asks for.
func New(opts ...Option) (*Client, error) {
	c := &Client{
		cache:           Cache{Dir: DefaultCacheDir()},
		etagTimeout:     10 * time.Second,
		downloadTimeout: 10 * time.Second,
		tries:           5,
		backoff:         time.Second,
		maxBackoff:      8 * time.Second,
		report:          func(Event) {},
	}
	if err := WithEndpoint(DefaultEndpoint)(c); err != nil {
		return nil, err
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.http == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DisableCompression = true // sizes and hashes are of the bytes as stored
		c.http = &http.Client{Transport: tr}
	}
	// Redirects are followed by hand: relative ones (a renamed repo) are,
	// absolute ones (the LFS CDN) are where the file is, not followed.
	hc := *c.http
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	return c, nil
}

// WithEndpoint sets the Hub's address (HF_ENDPOINT).
func WithEndpoint(endpoint string) Option {
	return func(c *Client) error {
		u, err := url.Parse(strings.TrimRight(endpoint, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("hub endpoint %q: want http(s)://host[/path]", endpoint)
		}
		c.endpoint = u
		return nil
	}
}

// WithCacheDir sets the cache folder (HF_HUB_CACHE).
func WithCacheDir(dir string) Option {
	return func(c *Client) error { c.cache = Cache{Dir: dir}; return nil }
}

// WithToken sets the token sent to the endpoint (never to a CDN).
func WithToken(token string) Option {
	return func(c *Client) error { c.token = strings.TrimSpace(token); return nil }
}

// WithOffline forbids any network call: models come from the cache.
func WithOffline(offline bool) Option {
	return func(c *Client) error { c.offline = offline; return nil }
}

// WithTimeouts sets how long to wait for a file's metadata and for
// download data (a stall longer than download is retried).
func WithTimeouts(etag, download time.Duration) Option {
	return func(c *Client) error {
		if etag <= 0 || download <= 0 {
			return fmt.Errorf("hub timeouts must be positive (got %v, %v)", etag, download)
		}
		c.etagTimeout, c.downloadTimeout = etag, download
		return nil
	}
}

// WithRetries sets how many times a request is tried in all, and the
// first wait between tries (doubling, at most 8x).
func WithRetries(tries int, backoff time.Duration) Option {
	return func(c *Client) error {
		if tries < 1 || backoff < 0 {
			return fmt.Errorf("hub retries: want tries >= 1, backoff >= 0 (got %d, %v)", tries, backoff)
		}
		c.tries, c.backoff, c.maxBackoff = tries, backoff, 8*backoff
		return nil
	}
}

// WithWeights chooses the weight format to fetch.
func WithWeights(w Weights) Option {
	return func(c *Client) error { c.weights = w; return nil }
}

// WithProgress receives an Event for each file: cached, started, bytes,
// retried, done. It is called from the downloading goroutine.
func WithProgress(report func(Event)) Option {
	return func(c *Client) error {
		if report != nil {
			c.report = report
		}
		return nil
	}
}

// WithHTTPClient sets the HTTP client (its CheckRedirect is replaced).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error { c.http = hc; return nil }
}

// DefaultCacheDir is huggingface_hub's HF_HUB_CACHE: $HF_HUB_CACHE, else
// $HF_HOME/hub, HF_HOME defaulting to $XDG_CACHE_HOME/huggingface, then
// ~/.cache/huggingface.
func DefaultCacheDir() string {
	if d := env.HFHubCache.String(""); d != "" {
		return expandHome(d)
	}
	return filepath.Join(HomeDir(), "hub")
}

// HomeDir is huggingface_hub's HF_HOME.
func HomeDir() string {
	if d := env.HFHome.String(""); d != "" {
		return expandHome(d)
	}
	if x := env.XDGCacheHome.String(""); x != "" {
		return filepath.Join(expandHome(x), "huggingface")
	}
	return filepath.Join(expandHome("~/.cache"), "huggingface")
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[1:])
		}
	}
	return p
}

// Token is the token huggingface_hub would send: HF_TOKEN, else
// HUGGING_FACE_HUB_TOKEN, else the file $HF_HOME/token; "" when none.
func Token() string {
	if t := env.HFToken.String(""); t != "" {
		return t
	}
	if t := env.HFTokenLegacy.String(""); t != "" {
		return t
	}
	b, err := os.ReadFile(filepath.Join(HomeDir(), "token"))
	if err != nil || len(b) > 4096 {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// FromEnv returns the options the HF_* environment variables ask for, as
// huggingface_hub reads them.
func FromEnv() ([]Option, error) {
	etag, ok1 := env.HFEtagWait.Seconds(10 * time.Second)
	dl, ok2 := env.HFDownloadWait.Seconds(10 * time.Second)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s and %s must be positive numbers of seconds (got %q, %q)",
			env.HFEtagWait.Name, env.HFDownloadWait.Name, os.Getenv(env.HFEtagWait.Name), os.Getenv(env.HFDownloadWait.Name))
	}
	return []Option{
		WithEndpoint(env.HFEndpoint.String(DefaultEndpoint)),
		WithCacheDir(DefaultCacheDir()),
		WithToken(Token()),
		WithOffline(env.HFOffline.Bool()),
		WithTimeouts(etag, dl),
	}, nil
}

// CacheDir is the cache folder the client uses.
func (c *Client) CacheDir() string { return c.cache.Dir }

// Offline reports whether the client may not use the network.
func (c *Client) Offline() bool { return c.offline }
