package bundled

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Dir returns a directory holding the bundled checkpoint, in a fixed place
// under parent ("" for the user's cache, $XDG_CACHE_HOME/bertvec or
// ~/.cache/bertvec): parent/bundled-<hash>/tiny-bert-ja, where hash is the
// embedded files' digest. It is unpacked once, into a temporary sibling
// that is renamed into place, so a process killed mid-way (kill -9 left a
// directory per run with Unpack) leaves at most a temporary directory,
// which the next call removes. A directory already there is used only if
// its files are byte-identical to the embedded ones; otherwise it is
// replaced. Nothing needs cleaning up after use.
func Dir(parent string) (string, error) {
	if parent == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		parent = filepath.Join(cache, "bertvec")
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("bundled model cache: %w", err)
	}
	sum, err := digest()
	if err != nil {
		return "", err
	}
	final := filepath.Join(parent, "bundled-"+sum)
	removeStale(parent)
	if intact(filepath.Join(final, Name)) {
		return filepath.Join(final, Name), nil
	}
	tmp, err := os.MkdirTemp(parent, "bundled-"+sum+".tmp-")
	if err != nil {
		return "", fmt.Errorf("bundled model cache: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := os.CopyFS(filepath.Join(tmp, Name), Files()); err != nil {
		return "", fmt.Errorf("unpack bundled model: %w", err)
	}
	os.RemoveAll(final) // damaged or partial: replaced whole
	if err := os.Rename(tmp, final); err != nil && !intact(filepath.Join(final, Name)) {
		return "", fmt.Errorf("unpack bundled model: %w", err)
	}
	return filepath.Join(final, Name), nil
}

// digest hashes the embedded files' names and contents.
func digest() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Files(), p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("bundled model: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// intact reports whether dir holds exactly the embedded files' bytes.
func intact(dir string) bool {
	ok := true
	err := fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, _ := fs.ReadFile(Files(), p)
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, want) {
			ok = false
			return fs.SkipAll
		}
		return nil
	})
	return err == nil && ok
}

// staleAfter is how old a temporary unpack directory must be before
// another process takes it for the leftover of a killed one.
const staleAfter = 10 * time.Minute

func removeStale(parent string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "bundled-") || !strings.Contains(e.Name(), ".tmp-") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleAfter {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}
