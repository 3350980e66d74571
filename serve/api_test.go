package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// The analogy endpoint gives faiss's answer (the transformers reference,
// not this package's own search) and the CLI's JSON, GET and POST alike.
func TestAnalogyMatchesReference(t *testing.T) {
	var ref map[string]json.RawMessage
	b, err := os.ReadFile(filepath.Join(tinyDir, "reference/analogies.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	_, ts := newTestServer(t, Config{})
	for _, kind := range []string{"static", "dynamic"} {
		var rk struct {
			Queries []struct {
				Query     string    `json:"query"`
				IDs       []int     `json:"ids"`
				Distances []float64 `json:"distances"`
			} `json:"queries"`
		}
		if err := json.Unmarshal(ref[kind], &rk); err != nil {
			t.Fatal(err)
		}
		for _, rq := range rk.Queries {
			var ans search.QueryAnswer
			if st := get(t, ts, fmt.Sprintf("/api/analogy?q=%s&kind=%s&k=%d", q(rq.Query), kind, len(rq.IDs)), &ans); st != 200 {
				t.Fatalf("%s %s: status %d", kind, rq.Query, st)
			}
			var ids []int
			for i, r := range ans.Results {
				ids = append(ids, r.ID)
				if d := float64(r.Distance) - rq.Distances[i]; d > 1e-4*max(1, rq.Distances[i]) || d < -1e-4*max(1, rq.Distances[i]) {
					t.Errorf("%s %s rank %d: distance %g, faiss %g", kind, rq.Query, i+1, r.Distance, rq.Distances[i])
				}
			}
			if !slices.Equal(ids, rq.IDs) {
				t.Errorf("%s %s: ids %v, faiss %v", kind, rq.Query, ids, rq.IDs)
			}
			if ans.Query != rq.Query || ans.Kind != kind || ans.Metric != "l2" {
				t.Errorf("answer header %q %q %q", ans.Query, ans.Kind, ans.Metric)
			}
			// POST gives the same bytes' worth of answer.
			var pans search.QueryAnswer
			body := fmt.Sprintf(`{"q": %q, "kind": %q, "k": %d}`, rq.Query, kind, len(rq.IDs))
			if st := post(t, ts, "/api/analogy", body, &pans); st != 200 || !equalJSON(t, pans, ans) {
				t.Errorf("POST %s: status %d, %+v, want %+v", body, st, pans, ans)
			}
		}
	}
}

func equalJSON(t *testing.T, a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(x) == string(y)
}

// The CLI's own library path (search.Store) gives the same JSON as the API
// for every option; the signs may be full-width.
func TestAnalogyMatchesStore(t *testing.T) {
	dir := tinyVectors(t)
	_, ts := newTestServer(t, Config{Vectors: dir})
	st, err := search.Open(dir, vecdir.Dynamic)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tc := range []struct {
		expr, params string
		opt          search.Options
	}{
		{"王 - 男 + 女", "k=5&metric=cosine&exclude_query=1", search.Options{K: 5, Metric: search.Cosine, ExcludeQuery: true}},
		{"王－男＋女", "k=3&metric=l2", search.Options{K: 3}},
		{"東京 − 日本", "exclude_query=true&k=417", search.Options{K: 417, ExcludeQuery: true}},
		{"[PAD] + 王", "exclude_special=1&k=20", search.Options{K: 20, ExcludeSpecial: true}},
	} {
		ans, err := st.Query(tc.expr, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		want := search.NewQueryAnswer(tc.expr, vecdir.Dynamic, tc.opt.Metric, ans)
		var got search.QueryAnswer
		if code := get(t, ts, "/api/analogy?kind=dynamic&q="+q(tc.expr)+"&"+tc.params, &got); code != 200 || !equalJSON(t, got, want) {
			t.Errorf("%s %s: status %d\n got %+v\nwant %+v", tc.expr, tc.params, code, got, want)
		}
	}
}

// Every endpoint, each bad input, its status and message.
func TestAPIErrors(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxK, lim.MaxBatch, lim.MaxQuery, lim.MaxBody, lim.MaxTerms = 50, 3, 64, 300, 4
	_, ts := newTestServer(t, Config{Limits: lim})
	long := strings.Repeat("王", 30)
	tests := []struct {
		method, path, body string
		status             int
		want               string // in the error message
	}{
		{"GET", "/api/analogy", "", 400, "missing q"},
		{"GET", "/api/analogy?q=", "", 400, "empty expression"},
		{"GET", "/api/analogy?q=" + q("王 -"), "", 400, "dangling operator"},
		{"GET", "/api/analogy?q=" + q("王 女"), "", 400, "missing + or -"},
		{"GET", "/api/analogy?q=" + q("王 - xyzzy"), "", 400, `unknown word "xyzzy"`},
		{"GET", "/api/analogy?q=王&k=0", "", 400, "bad k: k = 0"},
		{"GET", "/api/analogy?q=王&k=-3", "", 400, "bad k"},
		{"GET", "/api/analogy?q=王&k=ten", "", 400, `k "ten": not an integer`},
		{"GET", "/api/analogy?q=王&k=51", "", 400, "limit of 50"},
		{"GET", "/api/analogy?q=王&k=99999999999999999999", "", 400, "not an integer"},
		{"GET", "/api/analogy?q=王&k=1&k=2", "", 400, "k given 2 times"},
		{"GET", "/api/analogy?q=王&metric=dot", "", 400, `unknown metric "dot"`},
		{"GET", "/api/analogy?q=王&kind=contextual", "", 400, "unknown kind"},
		{"GET", "/api/analogy?q=王&kind=context", "", 400, "no context vectors"},
		{"GET", "/api/analogy?q=王&exclude_query=maybe", "", 400, "want 1, true, 0 or false"},
		{"GET", "/api/analogy?q=王&exclude_special=2", "", 400, "want 1, true, 0 or false"},
		{"GET", "/api/analogy?q=王&kidn=static", "", 400, `unknown parameter "kidn"`},
		{"GET", "/api/analogy?q=" + q(long), "", 400, "limit is 64"},
		{"GET", "/api/analogy?q=" + q("a+b+c+d+e"), "", 400, "5 words in one expression"},
		{"GET", "/api/analogy?q=%ff", "", 400, "not valid UTF-8"},
		{"GET", "/api/analogy?q=%zz", "", 400, "bad query string"},
		{"GET", "/api/analogy?q=a&q=b&q=c&q=d", "", 400, "4 items in one request"},
		{"GET", "/api/analogy?q=王&queries=女", "", 400, "not both"},
		{"GET", "/api/analogy?q=" + q("王\x01"), "", 400, "control or invalid character"},
		{"GET", "/api/analogy?q=" + q("[PAD]") + "&metric=cosine", "", 400, "zero, so cosine similarity is undefined (try metric=l2)"},
		{"POST", "/api/analogy", `{"q": "王", "k": "ten"}`, 400, "not an integer"},
		{"POST", "/api/analogy", `{"q": 3}`, 400, "want a string"},
		{"POST", "/api/analogy", `[1]`, 400, "one JSON object"},
		{"POST", "/api/analogy", `null`, 400, "one JSON object"},
		{"POST", "/api/analogy", `{"q": "王"} {}`, 400, "data after it"},
		{"POST", "/api/analogy", `{"q": "王", "extra": 1}`, 400, `unknown parameter "extra"`},
		{"POST", "/api/analogy", `{"queries": []}`, 400, "queries is empty"},
		{"POST", "/api/analogy", `{"q": "王", "exclude_query": "yes"}`, 400, "want true or false"},
		{"POST", "/api/analogy", `{"q": "` + strings.Repeat("x", 400) + `"}`, 400, "over the limit of 300 bytes"},
		{"POST", "/api/analogy", `{"q": "王"`, 400, "one JSON object"},
		{"PUT", "/api/analogy?q=王", "", 405, "use GET or POST"},
		{"DELETE", "/api/info", "", 405, "use GET or POST"},
		{"GET", "/api/neighbors", "", 400, "missing word"},
		{"GET", "/api/neighbors?word=xyzzy", "", 400, `unknown word "xyzzy"`},
		{"GET", "/api/neighbors?word=王&k=0", "", 400, "bad k"},
		{"POST", "/api/neighbors", `{"words": ["王", "女", "男", "子"]}`, 400, "4 items"},
		{"GET", "/api/norms", "", 400, "missing word"},
		{"GET", "/api/norms?words=xyzzy", "", 400, `unknown word "xyzzy"`},
		{"GET", "/api/norms?words=王&kind=nope", "", 400, "unknown kind"},
		{"GET", "/api/norms?words=王&k=3", "", 400, `unknown parameter "k"`},
		{"GET", "/api/tokenize?text=王", "", 400, "no model"},
		{"GET", "/api/dynamic?word=王", "", 400, "no model"},
		{"GET", "/api/project", "", 400, "missing q"},
		{"GET", "/api/project?q=" + q("王 -"), "", 400, "dangling"},
		{"GET", "/api/project?q=王&metric=x", "", 400, "unknown metric"},
		{"GET", "/api/map?kind=nope", "", 400, "unknown kind"},
		{"GET", "/api/nothing", "", 404, "no API endpoint /api/nothing"},
		{"GET", "/api/info?x=1", "", 400, `unknown parameter "x"`},
	}
	for _, tc := range tests {
		req, err := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e errorJSON
		code := decode(t, resp, &e)
		if code != tc.status || !strings.Contains(e.Error, tc.want) || strings.Contains(e.Error, "\n") {
			t.Errorf("%s %s %s: %d %q, want %d and an error containing %q", tc.method, tc.path, tc.body, code, e.Error, tc.status, tc.want)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.path, ct)
		}
	}
}

// The other endpoints' answers, GET and POST, single and batch.
func TestEndpoints(t *testing.T) {
	dir := tinyVectors(t)
	_, ts := newTestServer(t, Config{Vectors: dir})
	st, err := search.Open(dir, vecdir.Static)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	// Batch: one answer per query, failures in their error field, as
	// bertvec analogy --queries prints them.
	var batch []search.QueryAnswer
	if code := post(t, ts, "/api/analogy", `{"queries": ["王 - 男 + 女", "王 -", "女王"], "k": 2}`, &batch); code != 200 {
		t.Fatalf("batch: %d", code)
	}
	want := st.AnswerAll([]string{"王 - 男 + 女", "王 -", "女王"}, search.Options{K: 2})
	if !equalJSON(t, batch, want) || batch[1].Error == "" {
		t.Errorf("batch %+v, want %+v", batch, want)
	}

	var nb search.NeighborAnswer
	if code := get(t, ts, "/api/neighbors?word=王&k=3", &nb); code != 200 || nb.Word != "王" || len(nb.Results) != 3 || nb.Results[0].ID != 86 {
		t.Errorf("neighbors: %d %+v", code, nb)
	}
	var nbs []search.NeighborAnswer
	if code := post(t, ts, "/api/neighbors", `{"words": ["王", "女"], "k": 1, "exclude_query": true}`, &nbs); code != 200 || len(nbs) != 2 || nbs[0].Results[0].ID == 86 || nbs[1].Results[0].ID == 88 {
		t.Errorf("neighbors batch: %d %+v", code, nbs)
	}

	var norms []search.NormAnswer
	if code := get(t, ts, "/api/norms?words=王&words=子", &norms); code != 200 || len(norms) != 2 {
		t.Fatalf("norms: %d %+v", code, norms)
	}
	// The transformers reference's float64 norms.
	if d := norms[0].Norm - 1.5009399943777404; d > 1e-9 || d < -1e-9 || norms[1].Word != "子" || !slices.Equal(norms[0].IDs, []int{86}) {
		t.Errorf("norms %+v", norms)
	}

	var info infoJSON
	if code := get(t, ts, "/api/info", &info); code != 200 || len(info.Kinds) != 2 || info.Kinds[0] != (kindJSON{"static", 417, 64}) || info.Kinds[1].Name != "dynamic" || info.Limits.MaxK != DefaultLimits().MaxK {
		t.Errorf("info: %d %+v", code, info)
	}

	var m mapJSON
	if code := get(t, ts, "/api/map?kind=static", &m); code != 200 || len(m.X) != 417 || len(m.Y) != 417 || m.Label[86] != "王" {
		t.Fatalf("map: %d %d points", code, len(m.X))
	}
	// The query point of a one-word query is the word's own point, and a
	// sum of words lands where the projection (linear, centred) puts it.
	var p projectJSON
	if code := get(t, ts, "/api/project?q=王", &p); code != 200 || p.Point != [2]float32{m.X[86], m.Y[86]} {
		t.Errorf("project 王: %d %v, map has (%v, %v)", code, p.Point, m.X[86], m.Y[86])
	}
	if code := get(t, ts, "/api/project?q="+q("王 - 男 + 女"), &p); code != 200 || len(p.Terms) != 3 || !p.Terms[1].Neg {
		t.Fatalf("project: %d %+v", code, p)
	}
	wantX := m.X[86] - m.X[87] + m.X[88]
	if d := p.Point[0] - wantX; d > 1e-3 || d < -1e-3 {
		t.Errorf("project 王 - 男 + 女: x %v, want %v (affine: coefficients sum to 1)", p.Point[0], wantX)
	}
}

// Only the page's own files are served: no listing, no traversal.
func TestAssets(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for path, want := range map[string]int{
		"/": 200, "/app.js": 200, "/app.css": 200, "/api/openapi.json": 200,
		"/assets/": 404, "/assets/app.js": 404, "/%2e%2e/serve.go": 404,
		// The mux answers dot segments with a redirect to the cleaned path.
		"/../serve.go": 307, "/index.html/..": 307, "/app.js/": 404,
		"/etc/passwd": 404, "/..%2fserve.go": 404,
	} {
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
		if want == 200 && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("GET %s: no CSP", path)
		}
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if code := get(t, ts, "/api/openapi.json", &doc); code != 200 || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi: %d %q", code, doc.OpenAPI)
	}
	for _, p := range []string{"/api/analogy", "/api/neighbors", "/api/norms", "/api/tokenize", "/api/dynamic", "/api/info", "/api/map", "/api/project"} {
		if doc.Paths[p] == nil {
			t.Errorf("openapi.json does not describe %s", p)
		}
	}
	// Every $ref names a schema the file defines.
	raw, _ := assets.ReadFile("assets/openapi.json")
	var full struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &full); err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
		if full.Components.Schemas[m[1]] == nil {
			t.Errorf("openapi.json refers to an undefined schema %s", m[1])
		}
	}
	// The page loads nothing from elsewhere.
	for _, f := range []string{"assets/index.html", "assets/app.js", "assets/app.css"} {
		b, _ := assets.ReadFile(f)
		if strings.Contains(string(b), "http://") || strings.Contains(string(b), "https://") {
			t.Errorf("%s refers to another site", f)
		}
	}
}

// CORS headers only for the configured origin; the Host check of a
// loopback server.
func TestCORSAndHost(t *testing.T) {
	_, plain := newTestServer(t, Config{LoopbackOnly: true})
	req, _ := http.NewRequest("GET", plain.URL+"/api/info", nil)
	req.Header.Set("Origin", "http://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no --cors: %d, ACAO %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	req, _ = http.NewRequest("GET", plain.URL+"/api/info", nil)
	req.Host = "rebind.example:8080"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if code := decode(t, resp, nil); code != 403 {
		t.Errorf("Host rebind.example on a loopback server: %d, want 403", code)
	}

	_, cors := newTestServer(t, Config{CORS: "http://localhost:3000"})
	req, _ = http.NewRequest("OPTIONS", cors.URL+"/api/analogy", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Errorf("--cors preflight: %d, ACAO %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
}

// A batch holding the only batch slot does not block single queries; a
// second batch waits, then gets a clear 503.
func TestBatchCannotStarveSingles(t *testing.T) {
	lim := DefaultLimits()
	lim.Queue = 50e6 // 50 ms
	s, ts := newTestServer(t, Config{Limits: lim})
	s.batch <- struct{}{} // a batch in flight
	defer s.batch.release()
	var e errorJSON
	if code := post(t, ts, "/api/analogy", `{"queries": ["王", "女"]}`, &e); code != 503 || !strings.Contains(e.Error, "busy") {
		t.Errorf("second batch: %d %q, want 503 busy", code, e.Error)
	}
	var ans search.QueryAnswer
	if code := get(t, ts, "/api/analogy?q=王&k=1", &ans); code != 200 || len(ans.Results) != 1 {
		t.Errorf("single query during a batch: %d %+v", code, ans)
	}
}

// openapi.json describes exactly the parameters each endpoint takes, for
// GET and for POST.
func TestOpenAPIMatchesEndpoints(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	raw, err := assets.ReadFile("assets/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
			} `json:"parameters"`
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]any `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for path, e := range s.endpoints() {
		want := slices.Sorted(slices.Values(e.params))
		ops := doc.Paths[path]
		var get []string
		for _, p := range ops["get"].Parameters {
			get = append(get, p.Name)
		}
		slices.Sort(get)
		if !slices.Equal(get, want) {
			t.Errorf("%s: openapi.json GET parameters %v, the code takes %v", path, get, want)
		}
		if post, ok := ops["post"]; ok {
			var names []string
			for n := range post.RequestBody.Content["application/json"].Schema.Properties {
				names = append(names, n)
			}
			slices.Sort(names)
			if !slices.Equal(names, want) {
				t.Errorf("%s: openapi.json POST properties %v, the code takes %v", path, names, want)
			}
		}
	}
}
