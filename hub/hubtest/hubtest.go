package hubtest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// File is one file of a repo; LFS files are served from the CDN host.
type File struct {
	Name string
	Data []byte
	LFS  bool
}

// Repo is a model repo at one commit.
type Repo struct {
	ID     string
	Commit string // 40 hex
	Files  []File
	Gated  bool // needs "Bearer " + Server.Token
}

// Request is one request the servers received.
type Request struct {
	Host   string // "hub" or "cdn"
	Method string
	Path   string
	Range  string
	Auth   string
	Status int
}

// Server is the fake Hub (Hub) and its CDN (CDN). Set the fault fields
// before the client runs (Update while it runs); the counters count down
// as faults are served.
type Server struct {
	Hub, CDN *httptest.Server
	Token    string // the token that opens gated repos

	mu      sync.Mutex
	repos   map[string]*Repo
	renamed map[string]string
	log     []Request

	CutAfter    int64 // cut an LFS body after this many bytes...
	CutTimes    int   // ...this many times
	IgnoreRange bool  // the CDN answers 200 with the whole file to a Range request
	Corrupt     bool  // the CDN flips one byte of each LFS body
	StallAfter  int64 // stop sending an LFS body after this many bytes...
	StallFor    time.Duration
	StallTimes  int           // ...for StallFor, this many times
	HeadDelay   time.Duration // every resolve HEAD answers this late
	Fail503Head int           // the next N resolve HEADs answer 503
	Fail503Get  int           // the next N CDN GETs answer 503
	Rate        int           // CDN bytes per second (0: unlimited)
}

// New starts a fake Hub and its CDN, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{repos: map[string]*Repo{}, renamed: map[string]string{}}
	s.Hub = httptest.NewServer(http.HandlerFunc(s.serveHub))
	s.CDN = httptest.NewServer(http.HandlerFunc(s.serveCDN))
	t.Cleanup(func() { s.Hub.Close(); s.CDN.Close() })
	return s
}

// URL is the Hub's address, for HF_ENDPOINT.
func (s *Server) URL() string { return s.Hub.URL }

// Add serves repo.
func (s *Server) Add(r Repo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[r.ID] = &r
}

// Rename makes old answer with relative redirects to new, as the Hub does
// for a renamed repo (cl-tohoku/... -> tohoku-nlp/...).
func (s *Server) Rename(old, new string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.renamed[old] = new
}

// Update changes fault fields while requests may be in flight.
func (s *Server) Update(f func(*Server)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// faults is a consistent copy of the fault fields for one request.
type faults struct {
	cutAfter, stallAfter int64
	stallFor, headDelay  time.Duration
	ignoreRange, corrupt bool
	rate                 int
}

func (s *Server) faults() faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return faults{s.CutAfter, s.StallAfter, s.StallFor, s.HeadDelay, s.IgnoreRange, s.Corrupt, s.Rate}
}

// Log returns the requests received so far.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// RepoFromDir makes a repo of the regular files in dir; lfs says which are
// LFS files (weights, as on the Hub).
func RepoFromDir(t testing.TB, id, commit, dir string, lfs func(name string) bool) Repo {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := Repo{ID: id, Commit: commit}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		r.Files = append(r.Files, File{Name: e.Name(), Data: b, LFS: lfs(e.Name())})
	}
	return r
}

// GitSHA1 is git's blob id of data, the ETag of a non-LFS file.
func GitSHA1(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// SHA256 is the hex sha256 of data, the etag of an LFS file.
func SHA256(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// ETag is the etag the client must store f under.
func (f File) ETag() string {
	if f.LFS {
		return SHA256(f.Data)
	}
	return GitSHA1(f.Data)
}

// record logs a request as it arrives; the returned func sets its status
// when the answer is done.
func (s *Server) record(host string, r *http.Request) func(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := len(s.log)
	s.log = append(s.log, Request{Host: host, Method: r.Method, Path: r.URL.Path, Range: r.Header.Get("Range"), Auth: r.Header.Get("Authorization")})
	return func(status int) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.log[i].Status = status
	}
}

// take decrements a fault counter under the lock and says if it fired.
func (s *Server) take(n *int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if *n > 0 {
		*n--
		return true
	}
	return false
}

func (s *Server) lookup(id string) (repo *Repo, newID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n, ok := s.renamed[id]; ok {
		return nil, n
	}
	return s.repos[id], ""
}

// splitID takes ORG/NAME off the front of a path.
func splitID(p string) (id, rest string, ok bool) {
	parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 3)
	if len(parts) < 3 {
		return "", "", false
	}
	return parts[0] + "/" + parts[1], parts[2], true
}

func errorCode(w http.ResponseWriter, status int, code, msg string) {
	if code != "" {
		w.Header().Set("X-Error-Code", code)
	}
	w.Header().Set("X-Error-Message", msg)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, "{%q: %q}\n", "error", msg)
}

func (r *Repo) file(name string) *File {
	for i := range r.Files {
		if r.Files[i].Name == name {
			return &r.Files[i]
		}
	}
	return nil
}

func (r *Repo) names() []string {
	var n []string
	for _, f := range r.Files {
		n = append(n, f.Name)
	}
	sort.Strings(n)
	return n
}
