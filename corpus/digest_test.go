package corpus

import (
	"bytes"
	"errors"
	"testing"
)

// Digest is the sha256 of the bytes as stored, what a full read reports.
func TestDigest(t *testing.T) {
	text := []byte("w1 w2\n\nw3\n")
	gz := gzipped(text)
	for name, data := range map[string][]byte{"c.txt": text, "c.txt.gz": gz, "empty": nil} {
		got, err := Digest(write(t, name, data), nil)
		if err != nil || got != sum(data) {
			t.Errorf("%s: %s, %v; want %s", name, got, err, sum(data))
		}
	}
	if got, err := Digest("-", bytes.NewReader(gz)); err != nil || got != sum(gz) {
		t.Errorf("stdin: %s, %v; want %s", got, err, sum(gz))
	}
	if _, err := Digest(t.TempDir(), nil); !errors.Is(err, ErrCorpus) {
		t.Errorf("a directory: %v, want ErrCorpus", err)
	}
}
