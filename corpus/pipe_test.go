//go:build unix

package corpus

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe given as the corpus path is refused at once, with a hint
// to read it as "-": opening it must not wait for a writer.
func TestNamedPipeRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Digest(fifo, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrCorpus) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("named pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Open blocked on a named pipe with no writer")
	}
}
