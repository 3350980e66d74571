package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"testing"
)

// Digest is the sha256 of the bytes as stored, what a full read reports.
func TestDigest(t *testing.T) {
	text := []byte("w1 w2\n\nw3\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(text)
	zw.Close()
	for name, data := range map[string][]byte{"c.txt": text, "c.txt.gz": gz.Bytes(), "empty": nil} {
		got, err := Digest(write(t, name, data), nil)
		if err != nil || got != sum(data) {
			t.Errorf("%s: %s, %v; want %s", name, got, err, sum(data))
		}
	}
	if got, err := Digest("-", bytes.NewReader(gz.Bytes())); err != nil || got != sum(gz.Bytes()) {
		t.Errorf("stdin: %s, %v; want %s", got, err, sum(gz.Bytes()))
	}
	if _, err := Digest(t.TempDir(), nil); !errors.Is(err, ErrCorpus) {
		t.Errorf("a directory: %v, want ErrCorpus", err)
	}
}
