package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entries lists the names in dir, temporary files included.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name()
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first", "second, replacing the first", ""} {
		if err := Write(path, writeString(content)); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(path); err != nil || string(b) != content {
			t.Fatalf("file holds %q, %v; want %q", b, err, content)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644", fi.Mode().Perm())
		}
		if names := entries(t, dir); len(names) != 1 || names[0] != "out.txt" {
			t.Errorf("directory holds %q, want just out.txt", names)
		}
	}
}

func TestWriteBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.bin")
	want := []byte{0, 1, 2, 0xff}
	if err := WriteBytes(path, want); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(want) {
		t.Errorf("file holds %v, want %v", b, want)
	}
	if err := WriteBytes(filepath.Join(path, "x"), want); err == nil {
		t.Error("wrote below a regular file")
	}
}

func TestWriteRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := Write("rel.txt", writeString("here")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "rel.txt")); string(b) != "here" {
		t.Errorf("file holds %q, want here", b)
	}
}

func TestWriteWriterError(t *testing.T) {
	boom := errors.New("boom")
	failing := func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("partial ", bufSize/4)) // past the buffer: bytes reach the temp file
		return boom
	}
	t.Run("new file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.txt")
		err := Write(path, failing)
		if !errors.Is(err, boom) || !strings.Contains(err.Error(), "write "+path+": ") {
			t.Fatalf("got %v, want boom wrapped with the path", err)
		}
		if names := entries(t, dir); len(names) != 0 {
			t.Errorf("failed write left %q", names)
		}
	})
	t.Run("old file kept", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.txt")
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := Write(path, failing); !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
		if b, _ := os.ReadFile(path); string(b) != "old" {
			t.Errorf("failed write changed the file to %.20q", b)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("failed write changed the mode to %v", fi.Mode().Perm())
		}
		if names := entries(t, dir); len(names) != 1 {
			t.Errorf("failed write left %q", names)
		}
	})
}

func TestWriteUnwritable(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	called := false
	for _, path := range []string{
		filepath.Join(dir, "no", "such", "dir", "out.txt"), // missing directory
		filepath.Join(notDir, "out.txt"),                   // parent is a file
	} {
		err := Write(path, func(io.Writer) error { called = true; return nil })
		if err == nil || !strings.Contains(err.Error(), "write "+path+": ") {
			t.Errorf("%s: got %v, want an error naming the path", path, err)
		}
	}
	if called {
		t.Error("the writer ran although no temporary file could be made")
	}
	// A directory in the way: the rename fails and the temp file goes.
	target := filepath.Join(dir, "sub")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(target, writeString("x")); err == nil {
		t.Error("Write replaced a non-empty directory")
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("failed rename left %q, want file and sub", names)
	}
}

func TestSyncDir(t *testing.T) {
	if err := SyncDir(t.TempDir()); err != nil {
		t.Error(err)
	}
	if err := SyncDir(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: got %v, want ErrNotExist", err)
	}
}

// A fixed temporary name is created exclusively: a link planted there is
// removed, never written through.
func TestTempNameDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "out")
	if err := os.Symlink(victim, path+".tmp"); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, writeString("new"), TempName(path+".tmp")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatalf("victim = %q", b)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("out = %q", b)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o044 == 0 {
		t.Fatalf("mode %v, %v: want readable by others (0644 before the umask)", fi.Mode(), err)
	}
}

// The opener's errors, and the directory fsync's, reach the caller.
func TestOpenerAndSyncDirErrors(t *testing.T) {
	boom := errors.New("boom")
	path := filepath.Join(t.TempDir(), "out")
	err := Write(path, writeString("x"), Opener(func(string, int, os.FileMode) (File, error) { return nil, boom }))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Write = %v, want boom naming the path", err)
	}
	if err := SyncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("SyncDir of a missing directory succeeded")
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "map.html")
	if err := CheckWritable(filepath.Join(dir, "no", "such", "dir", "map.html")); err == nil {
		t.Error("CheckWritable accepted a path in a missing directory")
	}
	if err := CheckWritable(dir); err == nil {
		t.Error("CheckWritable accepted a directory")
	}
	if err := CheckWritable(path); err != nil {
		t.Errorf("CheckWritable(%s): %v", path, err)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("CheckWritable left %v", names)
	}
}

// Every temporary name Write makes, random or fixed, is one TempTarget
// maps back to its target, so that a directory's owner can find what a
// kill -9 left; other names are not.
func TestTempTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "context.ckpt3_sum.npy")
	for name, opts := range map[string][]Option{
		"random": nil,
		"fixed":  {TempName(FixedTemp(path))},
	} {
		var seen []string
		err := Write(path, func(w io.Writer) error {
			seen = entries(t, dir)
			return nil
		}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var temps int
		for _, e := range seen {
			if e == filepath.Base(path) {
				continue
			}
			temps++
			if got, ok := TempTarget(e); !ok || got != filepath.Base(path) {
				t.Errorf("%s: TempTarget(%q) = %q, %v; want %q", name, e, got, ok, filepath.Base(path))
			}
		}
		if temps != 1 {
			t.Errorf("%s: %d temporary files while writing (%v), want 1", name, temps, seen)
		}
	}
	for _, name := range []string{"vocab.txt", ".tmp", "tmp", "a.tmpx", "d/x.tmp", ""} {
		if got, ok := TempTarget(name); ok {
			t.Errorf("TempTarget(%q) = %q, true; want not a temporary name", name, got)
		}
	}
	if got, ok := TempTarget(".vocab.txt.123.tmp"); !ok || got != "vocab.txt" {
		t.Errorf("TempTarget(.vocab.txt.123.tmp) = %q, %v", got, ok)
	}
}
