package hub_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

// A download lays the cache out as huggingface_hub does, byte for byte:
// blobs named by etag (git-sha1, or the X-Linked-Etag sha256 for LFS),
// snapshot entries as ../../blobs/<etag> symlinks, refs/main holding the
// commit with no newline, .no_exist for an absent optional file, lock
// files under .locks/. The token reaches the Hub, never the CDN.
func TestDownloadLayout(t *testing.T) {
	srv := hubtest.New(t)
	repo := bertRepo("org/bert", 300<<10)
	srv.Add(repo)
	cache := t.TempDir()
	c, ev := newClient(t, srv, cache, hub.WithToken("hf_secret"))
	s, err := download(t, c, "org/bert")
	if err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(cache, "models--org--bert")
	if s.Dir != filepath.Join(folder, "snapshots", commit) || s.Commit != commit || s.Revision != "main" || s.ID != "org/bert" {
		t.Fatalf("snapshot %+v", s)
	}
	for _, f := range repo.Files {
		wanted := f.Name != "README.md" && f.Name != "pytorch_model.bin"
		link, err := os.Readlink(filepath.Join(s.Dir, f.Name))
		if !wanted {
			if err == nil {
				t.Errorf("%s was downloaded", f.Name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if want := "../../blobs/" + f.ETag(); link != want {
			t.Errorf("%s -> %s, want %s", f.Name, link, want)
		}
		checkFile(t, s.Dir, f.Name, f.Data)
		if _, err := os.Stat(filepath.Join(cache, ".locks", "models--org--bert", f.ETag()+".lock")); err != nil {
			t.Errorf("lock file: %v", err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(folder, "refs", "main")); err != nil || string(b) != commit {
		t.Errorf("refs/main = %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(folder, ".no_exist", commit, "special_tokens_map.json")); err != nil {
		t.Errorf(".no_exist marker: %v", err)
	}
	if l := leftovers(t, cache); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
	for _, r := range srv.Log() {
		if r.Host == "cdn" && r.Auth != "" {
			t.Errorf("the CDN got Authorization: %+v", r)
		}
		if r.Host == "hub" && r.Auth != "Bearer hf_secret" {
			t.Errorf("the Hub got no token: %+v", r)
		}
		if r.Host == "hub" && r.Method == "HEAD" && !strings.Contains(r.Path, "/resolve/"+commit+"/") {
			t.Errorf("HEAD not pinned to the commit: %s", r.Path)
		}
	}
	if n, _ := cdnGets(srv); n != 1 {
		t.Errorf("%d CDN GETs, want 1 (model.safetensors)", n)
	}
	if ev.count(hub.EventDone) != 4 || ev.count(hub.EventCached) != 0 {
		t.Errorf("events: %d done, %d cached", ev.count(hub.EventDone), ev.count(hub.EventCached))
	}

	// Again: everything is cached, nothing is fetched.
	c2, ev2 := newClient(t, srv, cache)
	if _, err := download(t, c2, "org/bert"); err != nil {
		t.Fatal(err)
	}
	if n, _ := cdnGets(srv); n != 1 || ev2.count(hub.EventCached) != 4 {
		t.Errorf("second download: %d CDN GETs, %d cached events", n, ev2.count(hub.EventCached))
	}
	// Resolve of a complete snapshot makes no request at all.
	before := len(srv.Log())
	r, _ := hub.ParseRef("org/bert")
	if s2, err := c2.Resolve(context.Background(), r); err != nil || s2.Dir != s.Dir {
		t.Fatalf("resolve: %v, %+v", err, s2)
	}
	if after := len(srv.Log()); after != before {
		t.Errorf("Resolve of a complete snapshot made %d requests", after-before)
	}
}

// A renamed repo answers with relative 307s; the cache folder keeps the
// name asked for, as Python's does.
func TestRenamedRepo(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("tohoku-nlp/bert-ja", 10<<10))
	srv.Rename("cl-tohoku/bert-ja", "tohoku-nlp/bert-ja")
	cache := t.TempDir()
	c, _ := newClient(t, srv, cache)
	s, err := download(t, c, "cl-tohoku/bert-ja")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "models--cl-tohoku--bert-ja", "snapshots", commit); s.Dir != want {
		t.Fatalf("dir %s, want %s", s.Dir, want)
	}
	checkFile(t, s.Dir, "config.json", bertRepo("", 0).Files[0].Data)
	var redirected bool
	for _, r := range srv.Log() {
		redirected = redirected || strings.HasPrefix(r.Path, "/tohoku-nlp/bert-ja/resolve/")
	}
	if !redirected {
		t.Error("the client never followed the relative redirect")
	}
	if _, err := os.Stat(filepath.Join(cache, "models--tohoku-nlp--bert-ja")); !os.IsNotExist(err) {
		t.Errorf("a folder named after the new id exists (%v)", err)
	}
}

// Each Hub error is one sentinel and one line that says what to do.
func TestHubErrors(t *testing.T) {
	srv := hubtest.New(t)
	srv.Update(func(s *hubtest.Server) { s.Token = "hf_good" })
	gated := bertRepo("org/gated", 1<<10)
	gated.Gated = true
	srv.Add(gated)
	noVocab := bertRepo("org/novocab", 1<<10)
	noVocab.Files = noVocab.Files[:1]
	srv.Add(noVocab)
	for _, tc := range []struct {
		spec, token string
		want        error
		msg         string
	}{
		{"org/gated", "", hub.ErrGated, "HF_TOKEN"},
		{"org/gated", "hf_bad", hub.ErrGated, "HF_TOKEN"},
		{"org/missing", "", hub.ErrRepoNotFound, "HF_TOKEN"},
		{"org/gated@v9", "hf_good", hub.ErrRevisionNotFound, "revision not found"},
		{"org/novocab", "", hub.ErrEntryNotFound, "vocab.txt"},
	} {
		c, _ := newClient(t, srv, t.TempDir(), hub.WithToken(tc.token))
		_, err := download(t, c, tc.spec)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s (token %q): %v, want %v mentioning %q on one line", tc.spec, tc.token, err, tc.want, tc.msg)
		}
	}
	c, _ := newClient(t, srv, t.TempDir(), hub.WithToken("hf_good"))
	if _, err := download(t, c, "org/gated"); err != nil {
		t.Fatalf("with the right token: %v", err)
	}
	for _, r := range srv.Log() {
		if r.Host == "cdn" && r.Auth != "" {
			t.Errorf("the CDN got Authorization: %+v", r)
		}
	}
}

// Weight shards behind an index are all fetched; an index naming a path
// instead of a file is refused.
func TestShardedWeights(t *testing.T) {
	srv := hubtest.New(t)
	r := bertRepo("org/sharded", 0)
	r.Files = append(r.Files[:4],
		hubtest.File{Name: "model.safetensors.index.json", Data: []byte(`{"metadata": {}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors", "c": "model-00001-of-00002.safetensors"}}`)},
		hubtest.File{Name: "model-00001-of-00002.safetensors", Data: bigBytes(5000), LFS: true},
		hubtest.File{Name: "model-00002-of-00002.safetensors", Data: bigBytes(7000), LFS: true})
	srv.Add(r)
	evil := bertRepo("org/evil", 0)
	evil.Files = append(evil.Files[:4], hubtest.File{Name: "pytorch_model.bin.index.json", Data: []byte(`{"weight_map": {"a": "../../../../etc/passwd"}}`)})
	srv.Add(evil)
	c, _ := newClient(t, srv, t.TempDir())
	s, err := download(t, c, "org/sharded")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, s.Dir, "model-00002-of-00002.safetensors", bigBytes(7000))
	checkFile(t, s.Dir, "model-00001-of-00002.safetensors", bigBytes(5000))
	if _, err := download(t, c, "org/evil"); !errors.Is(err, hub.ErrIntegrity) {
		t.Fatalf("index naming ../../etc/passwd: %v", err)
	}
}
