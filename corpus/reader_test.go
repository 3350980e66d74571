package corpus

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func readAll(t *testing.T, r *Reader) ([]Line, error) {
	t.Helper()
	var out []Line
	for {
		l, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
}

func write(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func gzipped(b []byte) []byte {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b)
	zw.Close()
	return gz.Bytes()
}

func TestPlainAndGzip(t *testing.T) {
	text := []byte("吾輩は猫である。\r\n\nname?\nlast line without newline")
	gz := gzipped(text)
	want := []string{"吾輩は猫である。", "", "name?", "last line without newline"}
	for _, src := range []struct {
		name string
		data []byte
	}{{"c.txt", text}, {"c.txt.gz", gz}, {"no-suffix", gz}} {
		path := write(t, src.name, src.data)
		r, err := Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := readAll(t, r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, l := range lines {
			if l.Number != int64(i) {
				t.Errorf("%s: line %d numbered %d", src.name, i, l.Number)
			}
			got = append(got, l.Text)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: lines %q, want %q", src.name, got, want)
		}
		st := r.Stats()
		if st.SHA256 != sum(src.data) || st.Bytes != int64(len(src.data)) || st.Lines != 4 {
			t.Errorf("%s: stats %+v, want sha256 %s of %d bytes, 4 lines", src.name, st, sum(src.data), len(src.data))
		}
		if r.Prefix() != sum(text) {
			t.Errorf("%s: prefix digest %s, want the text's %s", src.name, r.Prefix(), sum(text))
		}
	}
	r, err := Open("-", bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if lines, err := readAll(t, r); err != nil || len(lines) != 4 || r.Stats().SHA256 != sum(text) {
		t.Errorf("stdin: %d lines, %v, %+v", len(lines), err, r.Stats())
	}
}

func TestBadCorpus(t *testing.T) {
	cases := map[string][]byte{
		"invalid UTF-8": []byte("good\nbad \xff\xfe line\n"),
		"NUL":           []byte("good\n\x00\x00\x00\n"),
		"long line":     bytes.Repeat([]byte("a"), MaxLine+10),
		"bad gzip":      []byte{0x1f, 0x8b, 0, 1, 2, 3},
	}
	for name, data := range cases {
		r, err := Open(write(t, "c", data), nil)
		if err == nil {
			_, err = readAll(t, r)
			r.Close()
		}
		if !errors.Is(err, ErrCorpus) {
			t.Errorf("%s: %v, want ErrCorpus", name, err)
		} else if name != "long line" && name != "bad gzip" && !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%s: %v does not name line 2", name, err)
		}
	}
	if _, err := Open(t.TempDir(), nil); !errors.Is(err, ErrCorpus) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing"), nil); !errors.Is(err, ErrCorpus) {
		t.Errorf("missing: %v", err)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("a\nb\r\n\n"))
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Add([]byte("\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open("-", bytes.NewReader(data))
		if err != nil {
			return
		}
		for {
			l, err := r.Next()
			if err != nil {
				break
			}
			if !utf8.ValidString(l.Text) || strings.ContainsAny(l.Text, "\x00\n") {
				t.Fatalf("line %q passed", l.Text)
			}
		}
	})
}
