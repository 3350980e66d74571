package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// statusWriter remembers the status for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(c int) { w.status = c; w.ResponseWriter.WriteHeader(c) }
func (w *statusWriter) Flush()            { w.ResponseWriter.(http.Flusher).Flush() }

func (s *Server) serveHub(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{w, 200}
	done := s.record("hub", r)
	defer func() { done(sw.status) }()
	if rest, ok := strings.CutPrefix(r.URL.Path, "/api/models/"); ok {
		s.serveAPI(sw, r, rest)
		return
	}
	s.serveResolve(sw, r)
}

// serveAPI answers /api/models/{id}/revision/{rev}.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rest string) {
	id, tail, ok := splitID("/" + rest)
	rev, isRev := strings.CutPrefix(tail, "revision/")
	if !ok || !isRev {
		errorCode(w, 404, "", "Not Found")
		return
	}
	repo, newID := s.lookup(id)
	if newID != "" {
		w.Header().Set("Location", "/api/models/"+newID+"/revision/"+url.PathEscape(rev))
		w.WriteHeader(http.StatusTemporaryRedirect)
		return
	}
	if repo == nil {
		errorCode(w, 401, "RepoNotFound", "Repository not found")
		return
	}
	if rev != "main" && rev != repo.Commit {
		errorCode(w, 404, "RevisionNotFound", "Invalid rev id: "+rev)
		return
	}
	type sib struct {
		RFilename string `json:"rfilename"`
	}
	out := struct {
		ID       string `json:"id"`
		SHA      string `json:"sha"`
		Siblings []sib  `json:"siblings"`
	}{ID: repo.ID, SHA: repo.Commit}
	for _, n := range repo.names() {
		out.Siblings = append(out.Siblings, sib{n})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// serveResolve answers HEAD and GET /{id}/resolve/{rev}/{file}.
func (s *Server) serveResolve(w http.ResponseWriter, r *http.Request) {
	id, tail, ok := splitID(r.URL.Path)
	rev, file, ok2 := strings.Cut(strings.TrimPrefix(tail, "resolve/"), "/")
	if !ok || !ok2 || !strings.HasPrefix(tail, "resolve/") {
		errorCode(w, 404, "", "Not Found")
		return
	}
	if r.Method == http.MethodHead {
		time.Sleep(s.faults().headDelay)
		if s.take(&s.Fail503Head) {
			errorCode(w, 503, "", "Service Unavailable")
			return
		}
	}
	repo, newID := s.lookup(id)
	if newID != "" {
		w.Header().Set("Location", "/"+newID+"/resolve/"+url.PathEscape(rev)+"/"+file)
		w.WriteHeader(http.StatusTemporaryRedirect)
		return
	}
	if repo == nil {
		errorCode(w, 401, "RepoNotFound", "Repository not found")
		return
	}
	if repo.Gated && r.Header.Get("Authorization") != "Bearer "+s.Token {
		errorCode(w, 401, "GatedRepo", "Access to model "+id+" is restricted. You must have access to it and be authenticated to access it.")
		return
	}
	if rev != "main" && rev != repo.Commit {
		errorCode(w, 404, "RevisionNotFound", "Invalid rev id: "+rev)
		return
	}
	w.Header().Set("X-Repo-Commit", repo.Commit)
	f := repo.file(file)
	if f == nil {
		errorCode(w, 404, "EntryNotFound", "Entry not found")
		return
	}
	if f.LFS {
		// The pointer file's own git id as ETag; the blob's sha256 in
		// X-Linked-Etag, which the client must prefer.
		ptr := fmt.Sprintf("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n", SHA256(f.Data), len(f.Data))
		w.Header().Set("ETag", `"`+GitSHA1([]byte(ptr))+`"`)
		w.Header().Set("X-Linked-Etag", `"`+SHA256(f.Data)+`"`)
		w.Header().Set("X-Linked-Size", strconv.Itoa(len(f.Data)))
		w.Header().Set("Location", s.CDN.URL+"/repos/"+SHA256(f.Data)[:2]+"/"+SHA256(f.Data)+"?X-Amz-Signature=fake")
		w.WriteHeader(http.StatusFound)
		return
	}
	w.Header().Set("ETag", `"`+GitSHA1(f.Data)+`"`)
	s.serveBytes(w, r, f.Data, false)
}

func (s *Server) serveCDN(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{w, 200}
	done := s.record("cdn", r)
	defer func() { done(sw.status) }()
	if r.Header.Get("Authorization") != "" {
		// S3 rejects a request that carries a second authentication.
		errorCode(sw, 400, "", "Only one auth mechanism allowed")
		return
	}
	if s.take(&s.Fail503Get) {
		errorCode(sw, 503, "", "Slow Down")
		return
	}
	sum := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	s.mu.Lock()
	var data []byte
	for _, repo := range s.repos {
		for _, f := range repo.Files {
			if f.LFS && SHA256(f.Data) == sum {
				data = f.Data
			}
		}
	}
	s.mu.Unlock()
	if data == nil {
		errorCode(sw, 404, "", "NoSuchKey")
		return
	}
	s.serveBytes(sw, r, data, true)
}

// serveBytes sends data, honouring "Range: bytes=N-" (unless IgnoreRange,
// on the CDN) and injecting the LFS faults.
func (s *Server) serveBytes(w http.ResponseWriter, r *http.Request, data []byte, cdn bool) {
	fl := s.faults()
	start := 0
	if rg := r.Header.Get("Range"); rg != "" && !(cdn && fl.ignoreRange) {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
		if err != nil || n < 0 || n >= len(data) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(data)))
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		start = n
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, len(data)-1, len(data)))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)-start))
	w.Header().Set("Accept-Ranges", "bytes")
	if start > 0 {
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.WriteHeader(http.StatusOK)
	}
	if r.Method == http.MethodHead {
		return
	}
	body := data[start:]
	if cdn && fl.corrupt {
		body = append([]byte(nil), body...)
		body[len(body)/2] ^= 0xff
	}
	if !cdn {
		w.Write(body)
		return
	}
	s.writeFaulty(w, body, fl)
}

// writeFaulty writes an LFS body at Rate, cutting or stalling it as asked.
func (s *Server) writeFaulty(w http.ResponseWriter, body []byte, fl faults) {
	cut := fl.cutAfter > 0 && int64(len(body)) > fl.cutAfter && s.take(&s.CutTimes)
	stall := fl.stallAfter > 0 && int64(len(body)) > fl.stallAfter && s.take(&s.StallTimes)
	chunk := 32 << 10
	if fl.rate > 0 {
		chunk = max(1, fl.rate/20)
	}
	for sent := 0; sent < len(body); {
		n := min(chunk, len(body)-sent)
		if cut && int64(sent+n) > fl.cutAfter {
			w.Write(body[sent:fl.cutAfter])
			w.(http.Flusher).Flush()
			hijackClose(w)
			return
		}
		if stall && int64(sent+n) > fl.stallAfter {
			w.Write(body[sent:fl.stallAfter])
			w.(http.Flusher).Flush()
			time.Sleep(fl.stallFor)
			return // the client gave up long ago; end the response short
		}
		if _, err := w.Write(body[sent : sent+n]); err != nil {
			return
		}
		sent += n
		if fl.rate > 0 {
			w.(http.Flusher).Flush()
			time.Sleep(time.Second / 20)
		}
	}
}

// hijackClose drops the TCP connection mid-body, as a network cut does.
func hijackClose(w http.ResponseWriter) {
	for {
		if u, ok := w.(interface{ Unwrap() http.ResponseWriter }); ok {
			w = u.Unwrap()
			continue
		}
		break
	}
	if sw, ok := w.(*statusWriter); ok {
		w = sw.ResponseWriter
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}
