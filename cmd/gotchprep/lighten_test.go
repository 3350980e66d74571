package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A declaration other than the one gotch v0.9.1 has is left untouched,
// with a note; the known one is replaced and nothing else changes.
func TestLightenHandle(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ts", "tensor.go")
	before := []byte("package ts\n\ntype bigStruct struct {\n")
	after := []byte("}\n\nvar x = 1\n")
	for _, c := range []struct {
		name string
		decl []byte
		note bool
	}{{"known", heavyHandle, false}, {"other", []byte("\tlots [2e5]byte\n"), true}} {
		src := bytes.Join([][]byte{before, c.decl, after}, nil)
		fakeTree(t, dir, map[string]string{"ts/tensor.go": string(src)})
		note, err := lightenHandle(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := readFile(t, path)
		want := src
		if !c.note {
			want = bytes.Join([][]byte{before, lightHandle, after}, nil)
		}
		if (note != "") != c.note || !bytes.Equal(got, want) {
			t.Errorf("%s: note %q, file:\n%s", c.name, note, got)
		}
		if c.note && !strings.Contains(note, "left as it is") {
			t.Errorf("%s: note %q does not say the file was left", c.name, note)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, "ts")); err != nil {
		t.Fatal(err)
	}
	if _, err := lightenHandle(dir); err == nil {
		t.Error("a missing ts/tensor.go gave no error")
	}
}
