package hub_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

// The cache and token are found where huggingface_hub finds them.
func TestEnvironment(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"HF_HOME", "HF_HUB_CACHE", "XDG_CACHE_HOME", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "HF_ENDPOINT"} {
		t.Setenv(v, "")
	}
	if got, want := hub.DefaultCacheDir(), filepath.Join(home, ".cache", "huggingface", "hub"); got != want {
		t.Errorf("default cache %s, want %s", got, want)
	}
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got := hub.DefaultCacheDir(); got != "/xdg/huggingface/hub" {
		t.Errorf("XDG cache %s", got)
	}
	hfHome := t.TempDir()
	t.Setenv("HF_HOME", hfHome)
	if got := hub.DefaultCacheDir(); got != filepath.Join(hfHome, "hub") {
		t.Errorf("HF_HOME cache %s", got)
	}
	t.Setenv("HF_HUB_CACHE", "~/elsewhere")
	if got := hub.DefaultCacheDir(); got != filepath.Join(home, "elsewhere") {
		t.Errorf("HF_HUB_CACHE %s", got)
	}

	if tok := hub.Token(); tok != "" {
		t.Errorf("token %q with none set", tok)
	}
	if err := os.WriteFile(filepath.Join(hfHome, "token"), []byte("hf_file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tok := hub.Token(); tok != "hf_file" {
		t.Errorf("token file: %q", tok)
	}
	t.Setenv("HUGGING_FACE_HUB_TOKEN", "hf_legacy")
	if tok := hub.Token(); tok != "hf_legacy" {
		t.Errorf("legacy variable: %q", tok)
	}
	t.Setenv("HF_TOKEN", "hf_new")
	if tok := hub.Token(); tok != "hf_new" {
		t.Errorf("HF_TOKEN: %q", tok)
	}

	for val, want := range map[string]bool{"1": true, "yes": true, "TRUE": true, "on": true, "0": false, "": false, "no": false} {
		t.Setenv("HF_HUB_OFFLINE", val)
		c := mustClient(t)
		if c.Offline() != want {
			t.Errorf("HF_HUB_OFFLINE=%q: offline %v", val, c.Offline())
		}
	}
	t.Setenv("HF_HUB_DOWNLOAD_TIMEOUT", "ten")
	if _, err := hub.FromEnv(); err == nil {
		t.Error("HF_HUB_DOWNLOAD_TIMEOUT=ten accepted")
	}
	t.Setenv("HF_HUB_DOWNLOAD_TIMEOUT", "2.5")
	t.Setenv("HF_ENDPOINT", "ftp://x")
	if _, err := hub.FromEnv(); err != nil {
		t.Fatal(err) // FromEnv only collects; New checks
	}
	opts, _ := hub.FromEnv()
	if _, err := hub.New(opts...); err == nil {
		t.Error("HF_ENDPOINT=ftp://x accepted")
	}
}

func mustClient(t *testing.T) *hub.Client {
	t.Helper()
	opts, err := hub.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	c, err := hub.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// HF_HUB_ETAG_TIMEOUT reaches the client: a Hub slower than it fails, and
// the error names the variable.
func TestEnvTimeout(t *testing.T) {
	srv := hubtest.New(t)
	srv.Add(bertRepo("org/bert", 100))
	srv.Update(func(s *hubtest.Server) { s.HeadDelay = 400 * time.Millisecond })
	t.Setenv("HF_HUB_ETAG_TIMEOUT", "0.05")
	t.Setenv("HF_HUB_OFFLINE", "")
	opts, err := hub.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	c, err := hub.New(append(opts, hub.WithEndpoint(srv.URL()), hub.WithCacheDir(t.TempDir()), hub.WithRetries(1, 0))...)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := download(t, c, "org/bert"); err == nil || !strings.Contains(err.Error(), "HF_HUB_ETAG_TIMEOUT") {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d >= 400*time.Millisecond {
		t.Errorf("waited %v: the 50 ms timeout was not applied", d)
	}
}
