package serve

import (
	"embed"
	"net/http"
	"strconv"
)

// The page and the API description are embedded: the server needs no
// file but the vectors, and the page loads nothing from elsewhere.
//
//go:embed assets/index.html assets/app.js assets/app.css assets/openapi.json
var assets embed.FS

// pages are the only paths served besides the API: a fixed table, so
// there is nothing to list and no path to traverse.
var pages = map[string]struct{ file, ctype string }{
	"/":                 {"assets/index.html", "text/html; charset=utf-8"},
	"/app.js":           {"assets/app.js", "text/javascript; charset=utf-8"},
	"/app.css":          {"assets/app.css", "text/css; charset=utf-8"},
	"/api/openapi.json": {"assets/openapi.json", "application/json; charset=utf-8"},
}

// csp allows the page its own script, style and data only: no CDN, no
// inline script.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func serveAsset(w http.ResponseWriter, r *http.Request) {
	p, ok := pages[r.URL.Path]
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	b, err := assets.ReadFile(p.file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", p.ctype)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Security-Policy", csp)
	h.Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(b)
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) { serveAsset(w, r) }
