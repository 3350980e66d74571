package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/hub/hubtest"
	"github.com/bertvec/bertvec/vecdir"
)

const tinyCommit = "1111111111222222222233333333334444444444"

// fakeHub serves tiny-bert-ja as org/tiny-bert-ja (weights as LFS files on
// a CDN host) and points the HF_* variables at it and at an empty cache.
func fakeHub(t *testing.T) (srv *hubtest.Server, cache string) {
	t.Helper()
	srv = hubtest.New(t)
	srv.Add(hubtest.RepoFromDir(t, "org/tiny-bert-ja", tinyCommit, tinyModel, func(name string) bool {
		return strings.HasSuffix(name, ".safetensors") || strings.HasSuffix(name, ".bin")
	}))
	home := t.TempDir()
	for k, v := range map[string]string{"HF_ENDPOINT": srv.URL(), "HF_HOME": home, "HF_HUB_CACHE": "",
		"HF_TOKEN": "", "HUGGING_FACE_HUB_TOKEN": "", "HF_HUB_OFFLINE": "", "HF_HUB_ETAG_TIMEOUT": "", "HF_HUB_DOWNLOAD_TIMEOUT": ""} {
		t.Setenv(k, v)
	}
	return srv, filepath.Join(home, "hub")
}

// extract --model ORG/NAME downloads through the Hub protocol into the
// shared cache and gives the reference vectors; meta.json records where the
// model came from. Offline, the cached model then serves info with no
// request.
func TestExtractFromHub(t *testing.T) {
	srv, cache := fakeHub(t)
	out := filepath.Join(t.TempDir(), "vec")
	code, _, stderr := bertvec(t, "extract", "--model", "org/tiny-bert-ja", "--out", out, "--kinds", "static")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "model.safetensors: downloading") {
		t.Errorf("no download progress in %q", stderr)
	}
	got, want := openNPY(t, filepath.Join(out, "static.npy")), openNPY(t, filepath.Join(tinyModel, "reference", "static.npy"))
	for i := range want.Data {
		if got.Data[i] != want.Data[i] {
			t.Fatalf("static[%d]: got %g want %g", i, got.Data[i], want.Data[i])
		}
	}
	meta, err := vecdir.ReadMeta(out)
	if err != nil {
		t.Fatal(err)
	}
	if m := meta.Model; m.HubID != "org/tiny-bert-ja" || m.Revision != "main" || m.Commit != tinyCommit || m.Dir != "org/tiny-bert-ja" {
		b, _ := json.Marshal(m)
		t.Errorf("meta.json model: %s", b)
	}
	snap := filepath.Join(cache, "models--org--tiny-bert-ja", "snapshots", tinyCommit)
	if link, err := os.Readlink(filepath.Join(snap, "model.safetensors")); err != nil || !strings.HasPrefix(link, "../../blobs/") {
		t.Errorf("snapshot link %q, %v", link, err)
	}

	before := len(srv.Log())
	t.Setenv("HF_HUB_OFFLINE", "1")
	code, stdout, stderr := bertvec(t, "info", "--model", "org/tiny-bert-ja@main")
	if code != 0 || !strings.Contains(stdout, "model.safetensors") {
		t.Fatalf("offline info: exit %d: %s%s", code, stdout, stderr)
	}
	if n := len(srv.Log()) - before; n != 0 {
		t.Errorf("offline info made %d requests", n)
	}
}

// pull prints the snapshot directory last; a second pull finds every file
// cached; --quiet prints only the directory.
func TestPull(t *testing.T) {
	_, cache := fakeHub(t)
	code, stdout, stderr := bertvec(t, "pull", "org/tiny-bert-ja")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	dir := lines[len(lines)-1]
	if want := filepath.Join(cache, "models--org--tiny-bert-ja", "snapshots", tinyCommit); dir != want {
		t.Fatalf("last line %q, want %q", dir, want)
	}
	for _, f := range []string{"config.json", "vocab.txt", "tokenizer_config.json", "model.safetensors"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "pytorch_model.bin")); err == nil {
		t.Error("pull fetched both weight formats")
	}
	code, stdout, stderr = bertvec(t, "pull", "org/tiny-bert-ja", "--weights", "bin")
	if code != 0 || strings.TrimSpace(stdout) != dir {
		t.Fatalf("exit %d: %q %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "config.json: already cached") || !strings.Contains(stderr, "pytorch_model.bin: downloading") {
		t.Errorf("second pull said %q", stderr)
	}
	code, stdout, stderr = bertvec(t, "pull", "--quiet", "org/tiny-bert-ja")
	if code != 0 || stdout != dir+"\n" || stderr != "" {
		t.Errorf("--quiet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// Mistakes and Hub refusals are one line each, with the right exit status.
func TestPullErrors(t *testing.T) {
	srv, _ := fakeHub(t)
	gated := hubtest.RepoFromDir(t, "org/gated", tinyCommit, tinyModel, func(string) bool { return false })
	gated.Gated = true
	srv.Add(gated)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pull", "org/gated"}, 1, "HF_TOKEN"},
		{[]string{"pull", "org/nothing"}, 1, "repository not found"},
		{[]string{"pull", "not-an-id"}, 2, "ORG/NAME"},
		{[]string{"pull"}, 2, "one model id"},
		{[]string{"info", "--model", "no/such-dir"}, 1, "not a local directory"},
		{[]string{"info", "--model", "./no/such/dir"}, 1, "no such directory"},
	} {
		code, _, stderr := bertvec(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit %d, one line with %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	t.Setenv("HF_HUB_OFFLINE", "1")
	if code, _, stderr := bertvec(t, "pull", "org/tiny-bert-ja"); code != 1 || !strings.Contains(stderr, "HF_HUB_OFFLINE") {
		t.Errorf("offline pull of an uncached model: exit %d, %q", code, stderr)
	}
}
