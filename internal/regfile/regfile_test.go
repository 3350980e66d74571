package regfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, what := range map[string]string{fifo: "named pipe", "/dev/zero": "device", dir: "directory"} {
		if _, err := ReadFile(path, 1<<20); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), what) {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestReadFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("12345"), 0o644)
	if b, err := ReadFile(p, 5); err != nil || string(b) != "12345" {
		t.Errorf("at the limit: %q, %v", b, err)
	}
	if _, err := ReadFile(p, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(p, link)
	if b, err := ReadFile(link, 5); err != nil || string(b) != "12345" {
		t.Errorf("through a link (the HF cache is made of them): %q, %v", b, err)
	}
}

func TestNoFollow(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("12345"), 0o644)
	link := filepath.Join(dir, "link")
	os.Symlink(p, link)
	if b, err := ReadFile(p, 5, NoFollow()); err != nil || string(b) != "12345" {
		t.Errorf("a regular file: %q, %v", b, err)
	}
	if _, err := ReadFile(link, 5, NoFollow()); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a link with NoFollow: %v", err)
	}
	if _, err := OpenFile(link, os.O_WRONLY|os.O_TRUNC, 0, NoFollow()); !errors.Is(err, ErrNotRegular) {
		t.Errorf("writing through a link with NoFollow: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "12345" {
		t.Errorf("the link's target was written: %q", b)
	}
	for path, want := range map[string]error{p: nil, filepath.Join(dir, "missing"): nil, link: ErrNotRegular, dir: ErrNotRegular} {
		if err := Check(path); !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Errorf("Check(%s) = %v, want %v", path, err, want)
		}
	}
}
