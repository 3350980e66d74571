package hub_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/hub"
)

func TestParseRef(t *testing.T) {
	for in, want := range map[string]hub.Ref{
		"cl-tohoku/bert-base-japanese":     {"cl-tohoku/bert-base-japanese", "main"},
		"org/name@v1.0":                    {"org/name", "v1.0"},
		"org/name@refs/pr/1":               {"org/name", "refs/pr/1"},
		"org/name@" + commit:               {"org/name", commit},
		"Org_1/some.model-v2@my-branch":    {"Org_1/some.model-v2", "my-branch"},
		"tohoku-nlp/bert-base-japanese-v3": {"tohoku-nlp/bert-base-japanese-v3", "main"},
	} {
		got, err := hub.ParseRef(in)
		if err != nil || got != want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "name", "a/b/c", "/abs/path", "./dir", "../x", "org/", "/name", "org/na--me",
		"org/..", "org/name@", "org/name@../../x", "org/name@a/../b", "org/name@.hidden", "org/na me", "~/model",
		"org/name@a b", "org/" + strings.Repeat("x", 100)} {
		if r, err := hub.ParseRef(in); !errors.Is(err, hub.ErrBadID) {
			t.Errorf("ParseRef(%q) = %+v, %v; want ErrBadID", in, r, err)
		}
	}
	if got := (hub.Ref{ID: "cl-tohoku/bert", Revision: "main"}).FolderName(); got != "models--cl-tohoku--bert" {
		t.Errorf("FolderName %q", got)
	}
}

// Whatever the input, ParseRef returns ErrBadID or a ref whose folder name
// and refs/ path stay inside the cache.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"org/name", "org/name@main", "a/b@refs/pr/1", "../x@y", "org/name@" + commit} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := hub.ParseRef(s)
		if err != nil {
			if !errors.Is(err, hub.ErrBadID) {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if strings.Contains(r.FolderName(), "/") || strings.Contains(r.FolderName(), "..") {
			t.Fatalf("%q: folder %q", s, r.FolderName())
		}
		for _, p := range strings.Split(r.Revision, "/") {
			if p == "" || p == "." || p == ".." {
				t.Fatalf("%q: revision %q", s, r.Revision)
			}
		}
	})
}
