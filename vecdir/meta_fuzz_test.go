package vecdir

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// FuzzParseMeta: a stranger's meta.json parses into names that stay inside
// the directory, or fails with ErrMeta; what
// parses survives Encode and a second parse with the same files.
func FuzzParseMeta(f *testing.F) {
	for _, s := range []string{
		customMeta,
		`{"kinds":{"static":{},"dynamic":{"word2vec":{"text":"d.w2v.txt","binary":"d.w2v.bin"}},"context_L4":{"file":"c4.npy"}}}`,
		`{"vocab":"../vocab.txt"}`,
		`{"kinds":{"static":null}}`,
		`{"kinds":{"static":{"file":"a\\b"}}}`,
		`{"kinds":{"dynamic":{"word2vec":{"text":""}}}}`,
		`{"kinds":{"context_L007":{}}}`,
		`{} trailing`,
		`[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMeta(data)
		if err != nil {
			if !errors.Is(err, ErrMeta) {
				t.Fatalf("err = %v, want ErrMeta", err)
			}
			return
		}
		files := m.Files()
		for _, n := range files {
			if !plainName(n) {
				t.Fatalf("%q accepted as a file name", n)
			}
		}
		var buf bytes.Buffer
		if err := m.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := ParseMeta(buf.Bytes())
		if err != nil || !slices.Equal(again.Files(), files) {
			t.Fatalf("after Encode: %v, %v; want %v", again, err, files)
		}
	})
}
