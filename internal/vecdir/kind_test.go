package vecdir

import (
	"errors"
	"testing"
)

func TestKindNames(t *testing.T) {
	tests := []struct {
		k          Kind
		name, file string
		context    string
		valid      bool
	}{
		{Static, "static", "static.npy", "embeddings.word_embeddings.weight", true},
		{Dynamic, "dynamic", "dynamic.npy", "[CLS] {id} [SEP]", true},
		{0, "Kind(0)", "Kind(0).npy", "[CLS] {id} [SEP]", false},
		{7, "Kind(7)", "Kind(7).npy", "[CLS] {id} [SEP]", false},
	}
	for _, tc := range tests {
		if got := tc.k.String(); got != tc.name {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(tc.k), got, tc.name)
		}
		if got := tc.k.File(); got != tc.file {
			t.Errorf("%v.File() = %q, want %q", tc.k, got, tc.file)
		}
		if got := tc.k.Context(); got != tc.context {
			t.Errorf("%v.Context() = %q, want %q", tc.k, got, tc.context)
		}
		if got := tc.k.Valid(); got != tc.valid {
			t.Errorf("%v.Valid() = %v, want %v", tc.k, got, tc.valid)
		}
	}
	if VocabFile != "vocab.txt" || MetaFile != "meta.json" {
		t.Error("file names changed; they are a contract between extract and its readers")
	}
}

func TestParseKind(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
		err  error
	}{
		{"static", Static, nil},
		{"dynamic", Dynamic, nil},
		{"", 0, ErrKind},
		{"Static", 0, ErrKind},
		{" static", 0, ErrKind},
		{"static,dynamic", 0, ErrKind},
		{"contextual", 0, ErrKind},
	}
	for _, tc := range tests {
		got, err := ParseKind(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseKind(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
	for _, k := range AllKinds {
		if got, err := ParseKind(k.String()); got != k || err != nil {
			t.Errorf("ParseKind(%v.String()) = %v, %v", k, got, err)
		}
	}
}

func FuzzParseKind(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKind(s)
		if err != nil {
			if !errors.Is(err, ErrKind) || k != 0 {
				t.Fatalf("ParseKind(%q) = %v, %v: want 0 and ErrKind", s, k, err)
			}
			return
		}
		if !k.Valid() || k.String() != s {
			t.Fatalf("ParseKind(%q) = %v: not a valid kind that prints as the input", s, k)
		}
	})
}
