package serve

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/search"
)

// Every kind in the directory is served, context layers included.
func TestEveryKindServed(t *testing.T) {
	dir := tinyVectors(t)
	b, err := os.ReadFile(filepath.Join(dir, "dynamic.npy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"context.npy", "context_L3.npy"} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, ts := newTestServer(t, Config{Vectors: dir})
	var info infoJSON
	if code := get(t, ts, "/api/info", &info); code != 200 {
		t.Fatal(code)
	}
	var names []string
	for _, k := range info.Kinds {
		names = append(names, k.Name)
	}
	if len(names) != 4 || names[0] != "static" || names[1] != "dynamic" || names[2] != "context" || names[3] != "context_L3" {
		t.Errorf("kinds %v, want static dynamic context context_L3", names)
	}
	var dyn, ctx search.QueryAnswer
	get(t, ts, "/api/analogy?kind=dynamic&q="+q("王 - 男 + 女"), &dyn)
	if code := get(t, ts, "/api/analogy?kind=context_L3&q="+q("王 - 男 + 女"), &ctx); code != 200 || ctx.Kind != "context_L3" || !equalJSON(t, ctx.Results, dyn.Results) {
		t.Errorf("context_L3: %d %+v", code, ctx)
	}
	var e errorJSON
	if code := get(t, ts, "/api/analogy?kind=context_L4&q=王", &e); code != 400 {
		t.Errorf("a layer the directory lacks: %d %q", code, e.Error)
	}
}

func TestLoopbackNames(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true, "127.1.2.3:1": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.2:8080": false, "[::]:80": false, "example.com:80": false, "bad": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost": true, "LOCALHOST:1": true, "[::1]:8080": true, "::1": true,
		"evil.example": false, "127.0.0.1.evil.example:80": false, "": false, "0.0.0.0:80": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v", host, got)
		}
	}
}

// A corrupt row (NaN, +Inf) is answered, not a 500: non-finite numbers are
// the strings the CLI's --json writes, and the map puts the row at 0, 0.
func TestNonFiniteRow(t *testing.T) {
	dir := tinyVectors(t)
	path := filepath.Join(dir, "static.npy")
	mat, err := npy.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, cols := mat.Rows, mat.Cols
	data := append([]float32(nil), mat.Data...)
	mat.Close()
	data[86*cols] = float32(math.NaN())  // 王
	data[88*cols] = float32(math.Inf(1)) // 女
	if err := npy.Write(path, rows, cols, data); err != nil {
		t.Fatal(err)
	}
	_, ts := newTestServer(t, Config{Vectors: dir})
	for path, want := range map[string]string{
		"/api/norms?words=王&words=女":   `"norm":"NaN"`,
		"/api/analogy?k=417&q=子":       `"token":"王","distance":"Infinity"`,
		"/api/analogy?q=" + q("王 + 子"): `"error":`,
		"/api/map":                     `"label":`,
		"/api/project?q=" + q("王 - 男"): `"point":[0,0]`,
	} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 500 || !json.Valid(b) || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s; want %s", path, resp.StatusCode, b, want)
		}
	}
}
