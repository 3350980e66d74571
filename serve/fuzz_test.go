package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzQueryParams sends any query string, and any POST body, to every
// endpoint: the answer is 200 with JSON or an error status with one line
// of {"error"}, never a panic or a 500.
func FuzzQueryParams(f *testing.F) {
	for _, seed := range []string{
		"q=%E7%8E%8B-%E7%94%B7%2B%E5%A5%B3&kind=static&k=10&metric=l2&exclude_query=1",
		"q=%EF%BC%8B%E7%8E%8B%EF%BC%8D&k=0", "q=&q=&queries=x", "word=%E7%8E%8B&k=417&metric=cosine",
		"words=%E7%8E%8B&words=,&kind=dynamic", "q=%ff%fe&k=-1", "k=99999999999999999999999&q=a",
		"q=[PAD]&metric=cosine", "text=abc", "kind=context_L3&q=a", "exclude_query&q=a",
		`{"q": "王 - 男", "k": 3}`, `{"queries": ["a", "b"], "exclude_query": true}`, `{"words": [","]}`,
	} {
		f.Add(seed, uint8(0))
	}
	s, err := New(Config{Vectors: tinyVectors(f)})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	paths := []string{"/api/analogy", "/api/neighbors", "/api/norms", "/api/tokenize", "/api/dynamic", "/api/info", "/api/project", "/api/map"}
	f.Fuzz(func(t *testing.T, raw string, which uint8) {
		path := paths[int(which)%len(paths)]
		var req *http.Request
		if which&0x80 != 0 {
			req = httptest.NewRequest("POST", path, strings.NewReader(raw))
		} else {
			req = httptest.NewRequest("GET", path, nil)
			req.URL.RawQuery = raw
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		body := w.Body.Bytes()
		if !json.Valid(body) {
			t.Fatalf("%s %q: body is not JSON: %q", path, raw, body)
		}
		switch w.Code {
		case 200:
		case 400, 503:
			var e errorJSON
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" || strings.Contains(e.Error, "\n") {
				t.Fatalf("%s %q: %d with %q", path, raw, w.Code, body)
			}
		default:
			t.Fatalf("%s %q: status %d: %s", path, raw, w.Code, body)
		}
	})
}
