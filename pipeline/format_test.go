package pipeline

import (
	"errors"
	"testing"
)

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{FormatNPY, FormatWord2Vec} {
		if got, err := ParseFormat(f.String()); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f, got, err)
		}
	}
	for _, s := range []string{"", "w2v", "NPY", "gensim"} {
		if _, err := ParseFormat(s); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("ParseFormat(%q) = %v, want ErrUnknownFormat", s, err)
		}
	}
}
