package pipeline

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseKinds(t *testing.T) {
	tests := []struct {
		in   string
		want []Kind
		err  error
	}{
		{"static,dynamic", []Kind{Static, Dynamic}, nil},
		{"dynamic,static", []Kind{Static, Dynamic}, nil},
		{" dynamic ", []Kind{Dynamic}, nil},
		{"static", []Kind{Static}, nil},
		{"", nil, ErrUnknownKind},
		{"static,", nil, ErrUnknownKind},
		{"Static", nil, ErrUnknownKind},
		{"contextual", nil, ErrUnknownKind},
		{"static,static", nil, ErrInvalidOptions},
	}
	for _, tc := range tests {
		got, err := ParseKinds(tc.in)
		if !errors.Is(err, tc.err) || !slices.Equal(got, tc.want) {
			t.Errorf("ParseKinds(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

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

func TestKindNames(t *testing.T) {
	if Static.File() != "static.npy" || Dynamic.File() != "dynamic.npy" ||
		W2VTextFile(Dynamic) != "dynamic.w2v.txt" || W2VBinaryFile(Static) != "static.w2v.bin" {
		t.Error("file names changed; they are a contract with other tools")
	}
	if Kind(0).String() != "Kind(0)" {
		t.Errorf("Kind(0) prints as %q", Kind(0))
	}
}

func FuzzParseKinds(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		ks, err := ParseKinds(s)
		if err != nil {
			return
		}
		if len(ks) == 0 || !slices.IsSorted(ks) {
			t.Fatalf("ParseKinds(%q) = %v: empty or not canonical", s, ks)
		}
		again, err := ParseKinds(strings.Join(kindNames(ks), ","))
		if err != nil || !slices.Equal(again, ks) {
			t.Fatalf("round trip of %v: %v, %v", ks, again, err)
		}
	})
}
