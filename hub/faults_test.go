package hub_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

const weightSize = 256 << 10

func weights(t *testing.T, s *hub.Snapshot) {
	t.Helper()
	checkFile(t, s.Dir, "model.safetensors", bigBytes(weightSize))
}

// A connection cut mid-body is resumed with Range from where it stopped.
func TestCutResumes(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", weightSize))
	srv.Update(func(s *hubtest.Server) { s.CutAfter, s.CutTimes = 100000, 2 })
	cache := t.TempDir()
	c, ev := newClient(t, srv, cache)
	s, err := download(t, c, "org/bert")
	if err != nil {
		t.Fatal(err)
	}
	weights(t, s)
	n, ranges := cdnGets(srv)
	if n != 3 || ranges[0] != "" || ranges[1] != "bytes=100000-" || ranges[2] != "bytes=200000-" {
		t.Errorf("%d CDN GETs with ranges %q", n, ranges)
	}
	if ev.count(hub.EventRetry) != 2 {
		t.Errorf("%d retries reported", ev.count(hub.EventRetry))
	}
	if l := leftovers(t, cache); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// A CDN that ignores Range answers 200 with the whole file: the partial
// file starts over rather than gaining a second copy of its head.
func TestIgnoredRangeRestarts(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", weightSize))
	srv.Update(func(s *hubtest.Server) { s.CutAfter, s.CutTimes, s.IgnoreRange = 100000, 1, true })
	c, _ := newClient(t, srv, t.TempDir())
	s, err := download(t, c, "org/bert")
	if err != nil {
		t.Fatal(err)
	}
	weights(t, s)
	if n, ranges := cdnGets(srv); n != 2 || ranges[1] != "bytes=100000-" {
		t.Errorf("%d CDN GETs with ranges %q", n, ranges)
	}
}

// A body whose sha256 is not its etag is deleted and the error names the
// file.
func TestWrongSHA256(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", weightSize))
	srv.Update(func(s *hubtest.Server) { s.Corrupt = true })
	cache := t.TempDir()
	c, _ := newClient(t, srv, cache)
	_, err := download(t, c, "org/bert")
	if !errors.Is(err, hub.ErrIntegrity) || !strings.Contains(err.Error(), "model.safetensors") {
		t.Fatalf("got %v, want ErrIntegrity naming model.safetensors", err)
	}
	blobs, _ := os.ReadDir(filepath.Join(cache, "models--org--bert", "blobs"))
	for _, b := range blobs {
		if b.Name() == hubtest.SHA256(bigBytes(weightSize)) || strings.HasSuffix(b.Name(), ".incomplete") {
			t.Errorf("corrupt download kept as %s", b.Name())
		}
	}
}

// A CDN that stops sending is abandoned after the download timeout and
// the download resumes.
func TestStallResumes(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", weightSize))
	srv.Update(func(s *hubtest.Server) { s.StallAfter, s.StallFor, s.StallTimes = 50000, 3*time.Second, 1 })
	c, ev := newClient(t, srv, t.TempDir(), hub.WithTimeouts(2*time.Second, 200*time.Millisecond))
	s, err := download(t, c, "org/bert")
	if err != nil {
		t.Fatal(err)
	}
	weights(t, s)
	if !strings.Contains(ev.errs(), "HF_HUB_DOWNLOAD_TIMEOUT") {
		t.Errorf("retry reasons %q do not name the timeout", ev.errs())
	}
	if _, ranges := cdnGets(srv); len(ranges) != 2 || ranges[1] != "bytes=50000-" {
		t.Errorf("ranges %q", ranges)
	}
}

// A Hub slower than the metadata timeout is an error naming the variable
// that sets it, after the bounded tries.
func TestSlowHubTimesOut(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", 1000))
	srv.Update(func(s *hubtest.Server) { s.HeadDelay = 500 * time.Millisecond })
	c, _ := newClient(t, srv, t.TempDir(), hub.WithTimeouts(50*time.Millisecond, time.Second), hub.WithRetries(2, time.Millisecond))
	start := time.Now()
	_, err := download(t, c, "org/bert")
	if err == nil || !strings.Contains(err.Error(), "HF_HUB_ETAG_TIMEOUT") || !strings.Contains(err.Error(), "2 tries") {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("gave up after %v", d)
	}
}

// 503s from the Hub and the CDN are retried with backoff.
func Test503ThenSuccess(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", weightSize))
	srv.Update(func(s *hubtest.Server) { s.Fail503Head, s.Fail503Get = 2, 2 })
	c, ev := newClient(t, srv, t.TempDir())
	s, err := download(t, c, "org/bert")
	if err != nil {
		t.Fatal(err)
	}
	weights(t, s)
	if ev.count(hub.EventRetry) != 4 {
		t.Errorf("%d retries, want 4:\n%s", ev.count(hub.EventRetry), ev.errs())
	}
}

// When every try is cut, the download fails after the bounded tries and
// keeps its .incomplete file for the next run to resume.
func TestGiveUpKeepsPartial(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", weightSize))
	srv.Update(func(s *hubtest.Server) { s.CutAfter, s.CutTimes = 10000, 1000 })
	cache := t.TempDir()
	c, _ := newClient(t, srv, cache, hub.WithRetries(3, time.Millisecond))
	_, err := download(t, c, "org/bert")
	if err == nil || !strings.Contains(err.Error(), "3 tries") {
		t.Fatalf("got %v", err)
	}
	inc := filepath.Join(cache, "models--org--bert", "blobs", hubtest.SHA256(bigBytes(weightSize))+".incomplete")
	if fi, err := os.Stat(inc); err != nil || fi.Size() != 30000 {
		t.Fatalf("partial file: %v (%v)", fi, err)
	}
	if _, err := os.Stat(strings.TrimSuffix(inc, ".incomplete")); !os.IsNotExist(err) {
		t.Fatal("a partial blob is under the final name")
	}
	srv.Update(func(s *hubtest.Server) { s.CutTimes = 0 })
	s, err := download(t, c, "org/bert")
	if err != nil {
		t.Fatal(err)
	}
	weights(t, s)
	if _, ranges := cdnGets(srv); ranges[len(ranges)-1] != "bytes=30000-" {
		t.Errorf("rerun did not resume: ranges %q", ranges)
	}
}
