package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// httpError is an error with the status it is answered with.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

var errBusy = &httpError{http.StatusServiceUnavailable, "the server is busy: try again"}

// statusOf maps an error to its HTTP status: bad input (every error the
// search package returns for a request, and badRequest's) is 400.
func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.status
	}
	if errors.Is(err, errCanceled) {
		return http.StatusServiceUnavailable
	}
	if errors.Is(err, errInternal) {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// errInternal marks a failure that is the server's, not the request's.
var errInternal = errors.New("internal error")

// errorJSON is every error's body: {"error": "one line"}.
type errorJSON struct {
	Error string `json:"error"`
}

// writeJSON writes v as the CLI's --json does (no HTML escaping); it
// encodes first so that a failure is a clean 500, not half a body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		enc.Encode(errorJSON{fmt.Sprintf("%v: cannot encode the answer: %v", errInternal, err)})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// args is one request's parameters: the query string of a GET, or the
// JSON object of a POST, seen through one interface so that every
// endpoint takes both.
type args struct {
	get  url.Values
	post map[string]json.RawMessage
}

// readArgs reads the parameters, refusing a body over maxBody, a body
// that is not one JSON object, and (after the handler) unknown names.
func readArgs(w http.ResponseWriter, r *http.Request, maxBody int64) (*args, error) {
	a := &args{}
	if r.Method != http.MethodPost {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, badRequest("bad query string: %v", err)
		}
		a.get = q
		return a, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, badRequest("request body over the limit of %d bytes", maxBody)
	} else if err != nil {
		return nil, badRequest("reading the request body: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&a.post); err != nil || a.post == nil {
		return nil, badRequest("the body must be one JSON object: %v", errOr(err, "null"))
	}
	if dec.More() {
		return nil, badRequest("the body must be one JSON object: data after it")
	}
	return a, nil
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// unknown names a parameter that is not one of known, if any.
func (a *args) unknown(known []string) error {
	for n := range a.get {
		if !slices.Contains(known, n) {
			return badRequest("unknown parameter %q", truncate(n, 40))
		}
	}
	for n := range a.post {
		if !slices.Contains(known, n) {
			return badRequest("unknown parameter %q", truncate(n, 40))
		}
	}
	return nil
}

// strings returns every value of name: repeated GET parameters, or a
// JSON string or array of strings.
func (a *args) strings(name string) ([]string, error) {
	if a.get != nil {
		return a.get[name], nil
	}
	raw, ok := a.post[name]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, badRequest("%s: want a string or an array of strings", name)
	}
	return many, nil
}

// str returns name's one value, or "" when absent.
func (a *args) str(name string) (string, error) {
	vs, err := a.strings(name)
	if err != nil {
		return "", err
	}
	if len(vs) > 1 {
		return "", badRequest("%s given %d times: want one", name, len(vs))
	}
	if len(vs) == 0 {
		return "", nil
	}
	return vs[0], nil
}

// int returns name as an integer, def when absent.
func (a *args) int(name string, def int) (int, error) {
	if a.get == nil {
		raw, ok := a.post[name]
		if !ok || string(raw) == "null" {
			return def, nil
		}
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, badRequest("%s %s: not an integer", name, truncate(string(raw), 40))
		}
		return n, nil
	}
	s, err := a.str(name)
	if err != nil || s == "" {
		return def, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badRequest("%s %q: not an integer", name, truncate(s, 40))
	}
	return n, nil
}

// bool returns name as a boolean (GET: 1, true, 0, false, or empty for
// true as in ?exclude_query), false when absent.
func (a *args) bool(name string) (bool, error) {
	if a.get == nil {
		raw, ok := a.post[name]
		if !ok || string(raw) == "null" {
			return false, nil
		}
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return false, badRequest("%s %s: want true or false", name, truncate(string(raw), 40))
		}
		return b, nil
	}
	vs, err := a.strings(name)
	if err != nil || len(vs) == 0 {
		return false, err
	}
	if len(vs) > 1 {
		return false, badRequest("%s given %d times: want one", name, len(vs))
	}
	switch strings.ToLower(vs[0]) {
	case "", "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, badRequest("%s %q: want 1, true, 0 or false", name, truncate(vs[0], 40))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// loopbackHost reports whether a request's Host names this machine: a
// server bound to loopback refuses other names, so that a web page on a
// hostile domain resolving to 127.0.0.1 (DNS rebinding) cannot read it.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
