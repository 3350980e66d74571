package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tinyDir = "../testdata/tiny-bert-ja"

// tinyVectors is the vectors directory `bertvec extract` writes for the
// bundled tiny model, built from the transformers reference rows.
func tinyVectors(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"vocab.txt", "reference/static.npy", "reference/dynamic.npy"} {
		b, err := os.ReadFile(filepath.Join(tinyDir, f))
		if err != nil {
			t.Fatalf("reference data missing: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// newTestServer serves the tiny vectors with cfg's limits and model.
func newTestServer(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.Vectors == "" {
		cfg.Vectors = tinyVectors(t)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts
}

// get fetches path and decodes the JSON body into v (when not nil).
func get(t testing.TB, ts *httptest.Server, path string, v any) int {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp, v)
}

func post(t testing.TB, ts *httptest.Server, path, body string, v any) int {
	t.Helper()
	resp, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp, v)
}

func decode(t testing.TB, resp *http.Response, v any) int {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: body %q: %v", resp.Request.URL, b, err)
		}
	}
	return resp.StatusCode
}

func q(s string) string { return url.QueryEscape(s) }
