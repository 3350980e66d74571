package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxRedirects bounds relative redirects (renamed repos) per request.
const maxRedirects = 10

// resolveURL is huggingface_hub's hf_hub_url: the revision is escaped
// whole (quote(revision, safe="")), the file name segment by segment.
func (c *Client) resolveURL(id, rev, file string) string {
	segs := strings.Split(file, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return c.endpoint.String() + "/" + id + "/resolve/" + url.PathEscape(rev) + "/" + strings.Join(segs, "/")
}

func (c *Client) apiURL(id, rev string) string {
	return c.endpoint.String() + "/api/models/" + id + "/revision/" + url.PathEscape(rev)
}

// onEndpoint reports whether u is on the Hub's own host: only there does
// the token go. A CDN gets a signed URL and no Authorization.
func (c *Client) onEndpoint(u *url.URL) bool {
	return strings.EqualFold(u.Host, c.endpoint.Host) && u.Scheme == c.endpoint.Scheme
}

// do sends one request, following relative redirects (a renamed repo
// answers 307 with a path on the same host) but returning any absolute
// one (an LFS file's CDN location) as the response.
func (c *Client) do(ctx context.Context, method, rawURL string, hdr http.Header) (*http.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	for range maxRedirects {
		req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
		if err != nil {
			return nil, err
		}
		for k, v := range hdr {
			req.Header[k] = v
		}
		req.Header.Set("Accept-Encoding", "identity")
		req.Header.Set("User-Agent", "bertvec (huggingface_hub protocol)")
		if c.token != "" && c.onEndpoint(u) {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode < 300 || resp.StatusCode > 399 {
			return resp, nil
		}
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil || resp.Header.Get("Location") == "" {
			resp.Body.Close()
			return nil, fmt.Errorf("%s %s: HTTP %d with a bad Location %q: %w", method, u, resp.StatusCode, resp.Header.Get("Location"), ErrProtocol)
		}
		if loc.Host != "" {
			return resp, nil // absolute: the caller decides
		}
		drain(resp)
		u = u.ResolveReference(loc)
	}
	return nil, fmt.Errorf("%s %s: more than %d redirects: %w", method, rawURL, maxRedirects, ErrProtocol)
}

// drain reads a little of an unwanted body so the connection is reused.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// statusError turns an error status into an *HTTPError, with the message
// from X-Error-Message or the JSON body's "error", as hf_raise_for_status.
func (c *Client) statusError(r Ref, resp *http.Response) error {
	defer drain(resp)
	e := &HTTPError{Status: resp.StatusCode, Code: resp.Header.Get("X-Error-Code"), URL: resp.Request.URL.String(),
		Repo: r.String(), Authed: c.token != "" && c.onEndpoint(resp.Request.URL)}
	e.Message = resp.Header.Get("X-Error-Message")
	if e.Message == "" {
		var body struct {
			Error string `json:"error"`
		}
		if json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&body) == nil {
			e.Message = body.Error
		}
	}
	if len(e.Message) > 300 {
		e.Message = e.Message[:300] + "…"
	}
	e.kind = kindOf(resp.StatusCode, e.Code)
	return e
}

// fileMeta is what a HEAD on resolve/ tells about a file.
type fileMeta struct {
	commit   string
	etag     string
	size     int64
	location *url.URL // where to GET it: the resolve URL, or the CDN's
}

// head asks for a file's metadata as get_hf_file_metadata does: the commit
// from X-Repo-Commit, the etag from X-Linked-Etag else ETag, the size from
// X-Linked-Size else Content-Length, the location from an absolute
// redirect (LFS) or the resolve URL itself.
func (c *Client) head(ctx context.Context, r Ref, rev, file string) (fileMeta, error) {
	var m fileMeta
	err := c.retry(ctx, file, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, c.etagTimeout)
		defer cancel()
		resp, err := c.do(ctx, http.MethodHead, c.resolveURL(r.ID, rev, file), nil)
		if err != nil {
			return c.netError(ctx, "HEAD "+file, err, "HF_HUB_ETAG_TIMEOUT", c.etagTimeout)
		}
		defer drain(resp)
		if resp.StatusCode >= 400 {
			return c.statusError(r, resp)
		}
		m, err = parseMeta(resp)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", r, file, err)
		}
		return nil
	})
	return m, err
}

func parseMeta(resp *http.Response) (fileMeta, error) {
	h := resp.Header
	m := fileMeta{commit: h.Get("X-Repo-Commit"), location: resp.Request.URL}
	etag := h.Get("X-Linked-Etag")
	if etag == "" {
		etag = h.Get("ETag")
	}
	// _normalize_etag: etag.lstrip("W/").strip('"')
	m.etag = strings.Trim(strings.TrimLeft(etag, "W/"), `"`)
	size := h.Get("X-Linked-Size")
	if size == "" {
		size = h.Get("Content-Length")
	}
	if resp.StatusCode >= 300 {
		loc, err := resp.Request.URL.Parse(h.Get("Location"))
		if err != nil || (loc.Scheme != "https" && loc.Scheme != "http") {
			return m, fmt.Errorf("bad Location %q: %w", h.Get("Location"), ErrProtocol)
		}
		m.location = loc
	}
	var err error
	switch {
	case !IsCommit(m.commit):
		return m, fmt.Errorf("no commit in X-Repo-Commit (%q): not a Hugging Face Hub? %w", m.commit, ErrProtocol)
	case m.etag == "" || len(m.etag) > 128 || !etagChars.MatchString(m.etag):
		return m, fmt.Errorf("no usable ETag (%q): %w", etag, ErrProtocol)
	}
	if m.size, err = strconv.ParseInt(size, 10, 64); err != nil || m.size < 0 {
		return m, fmt.Errorf("no size (X-Linked-Size / Content-Length %q): %w", size, ErrProtocol)
	}
	return m, nil
}

// repoInfo is GET /api/models/{id}/revision/{rev}: the commit and the file
// list, as snapshot_download asks for them.
type repoInfo struct {
	SHA      string `json:"sha"`
	Siblings []struct {
		RFilename string `json:"rfilename"`
	} `json:"siblings"`
}

// maxInfo bounds the listing read into memory (a repo with 100 000 files
// lists in about 5 MB).
const maxInfo = 32 << 20

func (c *Client) repoInfo(ctx context.Context, r Ref) (commit string, files []string, err error) {
	var info repoInfo
	err = c.retry(ctx, "", func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, c.etagTimeout)
		defer cancel()
		resp, err := c.do(ctx, http.MethodGet, c.apiURL(r.ID, r.Revision), nil)
		if err != nil {
			return c.netError(ctx, "GET "+c.apiURL(r.ID, r.Revision), err, "HF_HUB_ETAG_TIMEOUT", c.etagTimeout)
		}
		defer drain(resp)
		if resp.StatusCode >= 300 {
			return c.statusError(r, resp)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxInfo+1))
		if err != nil {
			return c.netError(ctx, "GET "+c.apiURL(r.ID, r.Revision), err, "HF_HUB_ETAG_TIMEOUT", c.etagTimeout)
		}
		if len(body) > maxInfo {
			return fmt.Errorf("%s: file list larger than %d bytes: %w", r, maxInfo, ErrProtocol)
		}
		info = repoInfo{}
		if err := json.Unmarshal(body, &info); err != nil {
			return fmt.Errorf("%s: file list: %v: %w", r, err, ErrProtocol)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if !IsCommit(info.SHA) {
		return "", nil, fmt.Errorf("%s: the Hub's answer has no commit (sha %q): %w", r, info.SHA, ErrProtocol)
	}
	for _, s := range info.Siblings {
		files = append(files, s.RFilename)
	}
	return info.SHA, files, nil
}

// netError wraps a transport error; a timeout names the variable that
// sets it.
func (c *Client) netError(ctx context.Context, what string, err error, envName string, d time.Duration) error {
	if ctx.Err() == context.DeadlineExceeded || errors.Is(err, context.DeadlineExceeded) {
		return &retryable{fmt.Errorf("%s: no answer within %v (%s)", what, d, envName)}
	}
	return &retryable{fmt.Errorf("%s: %w", what, err)}
}

// retryable marks a failure worth another try: a cut connection, a stall,
// a 5xx.
type retryable struct{ err error }

func (e *retryable) Error() string { return e.err.Error() }
func (e *retryable) Unwrap() error { return e.err }

func isRetryable(err error) bool {
	var r *retryable
	return errors.As(err, &r) || errors.Is(err, ErrServer)
}

// retry runs try until it succeeds, fails for good, or c.tries tries have
// failed, waiting c.backoff, doubling, between tries (huggingface_hub's
// http_backoff). The parent context's cancellation is never retried.
func (c *Client) retry(ctx context.Context, file string, try func(context.Context) error) error {
	wait := c.backoff
	for attempt := 1; ; attempt++ {
		err := try(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !isRetryable(err) || attempt >= c.tries {
			if isRetryable(err) {
				return fmt.Errorf("%w (gave up after %d tries)", err, attempt)
			}
			return err
		}
		c.report(Event{Kind: EventRetry, File: file, Attempt: attempt, Wait: wait, Err: err})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, c.maxBackoff)
	}
}
