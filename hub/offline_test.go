package hub_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

// pythonCache writes a cache the way huggingface_hub's hf_hub_download
// leaves it after from_pretrained: blobs by etag, relative symlinks from
// snapshots/<commit>/, refs/main without a newline, .no_exist markers for
// the files transformers asked for and the repo lacks, and the empty lock
// files Python leaves under .locks/.
func pythonCache(t *testing.T, files []hubtest.File, absent ...string) (cache, snapshot string) {
	t.Helper()
	cache = t.TempDir()
	repo := filepath.Join(cache, "models--cl-tohoku--bert-base-japanese-whole-word-masking")
	snapshot = filepath.Join(repo, "snapshots", commit)
	for _, d := range []string{filepath.Join(repo, "blobs"), filepath.Join(repo, "refs"), snapshot,
		filepath.Join(repo, ".no_exist", commit), filepath.Join(cache, ".locks", filepath.Base(repo))} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(repo, "blobs", f.ETag()), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../../blobs/"+f.ETag(), filepath.Join(snapshot, f.Name)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cache, ".locks", filepath.Base(repo), f.ETag()+".lock"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range absent {
		if err := os.WriteFile(filepath.Join(repo, ".no_exist", commit, a), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, "refs", "main"), []byte(commit), 0o644); err != nil {
		t.Fatal(err)
	}
	return cache, snapshot
}

func resolve(c *hub.Client, spec string) (*hub.Snapshot, error) {
	r, err := hub.ParseRef(spec)
	if err != nil {
		return nil, err
	}
	return c.Resolve(context.Background(), r)
}

const wwm = "cl-tohoku/bert-base-japanese-whole-word-masking"

// A model Python downloaded is used as it is: offline, and online with no
// request at all when the snapshot is complete for the revision asked.
func TestPythonCacheOffline(t *testing.T) {
	files := bertRepo("", 4096).Files
	keep := []hubtest.File{files[0], files[1], files[2], files[4]} // config, vocab, tokenizer_config, safetensors
	cache, snapshot := pythonCache(t, keep, "special_tokens_map.json")
	srv := hubtest.New(t)
	for _, offline := range []bool{true, false} {
		c, _ := newClient(t, srv, cache, hub.WithOffline(offline))
		for _, spec := range []string{wwm, wwm + "@main", wwm + "@" + commit} {
			s, err := resolve(c, spec)
			if err != nil {
				t.Fatalf("offline=%v %s: %v", offline, spec, err)
			}
			if s.Dir != snapshot || s.Commit != commit {
				t.Fatalf("%s: %+v", spec, s)
			}
			checkFile(t, s.Dir, "model.safetensors", files[4].Data)
		}
	}
	if n := len(srv.Log()); n != 0 {
		t.Fatalf("%d requests for a complete cached snapshot", n)
	}
}

// Offline, a miss is ErrOffline and names what is missing; a revision
// never fetched has no ref to resolve.
func TestOfflineMiss(t *testing.T) {
	files := bertRepo("", 4096).Files
	cache, _ := pythonCache(t, []hubtest.File{files[0], files[4]})
	c, _ := newClient(t, hubtest.New(t), cache, hub.WithOffline(true))
	_, err := resolve(c, wwm)
	if !errors.Is(err, hub.ErrOffline) || !strings.Contains(err.Error(), "vocab.txt") || !strings.Contains(err.Error(), "HF_HUB_OFFLINE") {
		t.Fatalf("got %v", err)
	}
	_, err = resolve(c, wwm+"@v2")
	if !errors.Is(err, hub.ErrOffline) || !strings.Contains(err.Error(), "refs/v2") {
		t.Fatalf("got %v", err)
	}
	_, err = resolve(c, "org/never")
	if !errors.Is(err, hub.ErrOffline) {
		t.Fatalf("got %v", err)
	}
}

// Online, an incomplete Python snapshot is completed: the files present
// are reused (no GET), the missing ones fetched into the same folder.
func TestCompletePythonCache(t *testing.T) {
	srv := hubtest.New(t)
	repo := bertRepo(wwm, 4096)
	srv.Add(repo)
	cache, snapshot := pythonCache(t, []hubtest.File{repo.Files[0], repo.Files[4]})
	c, ev := newClient(t, srv, cache)
	s, err := resolve(c, wwm)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir != snapshot {
		t.Fatalf("dir %s", s.Dir)
	}
	checkFile(t, s.Dir, "vocab.txt", repo.Files[1].Data)
	if n, _ := cdnGets(srv); n != 0 || ev.count(hub.EventCached) != 2 {
		t.Errorf("%d CDN GETs, %d cached", n, ev.count(hub.EventCached))
	}
}

// A snapshot entry that leads outside the repo's blobs is refused, not
// followed.
func TestSymlinkOutsideRefused(t *testing.T) {
	files := bertRepo("", 4096).Files
	cache, snapshot := pythonCache(t, []hubtest.File{files[1], files[4]})
	if err := os.Symlink("/etc/passwd", filepath.Join(snapshot, "config.json")); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, hubtest.New(t), cache, hub.WithOffline(true))
	if _, err := resolve(c, wwm); !errors.Is(err, hub.ErrIntegrity) {
		t.Fatalf("got %v", err)
	}
}

// A refs file that is not a commit is an integrity error, not a path; one
// longer than a ref can be is not read whole; a named pipe is refused, not
// waited on.
func TestBadRef(t *testing.T) {
	files := bertRepo("", 4096).Files
	for _, content := range []string{"../../../etc", commit + strings.Repeat(" ", 128)} {
		cache, _ := pythonCache(t, files[:2])
		ref := filepath.Join(cache, "models--cl-tohoku--bert-base-japanese-whole-word-masking", "refs", "main")
		if err := os.WriteFile(ref, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		c, _ := newClient(t, hubtest.New(t), cache, hub.WithOffline(true))
		if _, err := resolve(c, wwm); !errors.Is(err, hub.ErrIntegrity) {
			t.Fatalf("%q: got %v", content, err)
		}
	}
	cache, _ := pythonCache(t, files[:2])
	ref := filepath.Join(cache, "models--cl-tohoku--bert-base-japanese-whole-word-masking", "refs", "main")
	if err := os.Remove(ref); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(ref, 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, hubtest.New(t), cache, hub.WithOffline(true))
	if _, err := resolve(c, wwm); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("refs/main a named pipe: got %v", err)
	}
}

// A symlink planted as a blob's .incomplete file is refused, not written
// through.
func TestPlantedIncompleteRefused(t *testing.T) {
	srv := hubtest.New(t)
	repo := bertRepo("org/bert", 4096)
	srv.Add(repo)
	cache := t.TempDir()
	blobs := filepath.Join(cache, "models--org--bert", "blobs")
	if err := os.MkdirAll(blobs, 0o755); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(blobs, repo.Files[4].ETag()+".incomplete")); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, srv, cache)
	if _, err := download(t, c, "org/bert"); err == nil {
		t.Fatal("downloaded through a planted symlink")
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Fatalf("the link's target was written: %q", b)
	}
}
