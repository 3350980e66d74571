package vecdir

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestKindNames(t *testing.T) {
	tests := []struct {
		k                Kind
		name, file, aux  string
		valid, isContext bool
	}{
		{Static, "static", "static.npy", "static_count.npy", true, false},
		{Dynamic, "dynamic", "dynamic.npy", "dynamic_count.npy", true, false},
		{Context, "context", "context.npy", "context_count.npy", true, true},
		{ContextLayer(0), "context_L0", "context_L0.npy", "context_L0_count.npy", true, true},
		{ContextLayer(12), "context_L12", "context_L12.npy", "context_L12_count.npy", true, true},
		{ContextLayer(MaxLayer), "context_L1023", "context_L1023.npy", "context_L1023_count.npy", true, true},
		{ContextLayer(MaxLayer + 1), "Kind(0,0)", "Kind(0,0).npy", "Kind(0,0)_count.npy", false, false},
		{ContextLayer(-1), "Kind(0,0)", "Kind(0,0).npy", "Kind(0,0)_count.npy", false, false},
		{Kind{}, "Kind(0,0)", "Kind(0,0).npy", "Kind(0,0)_count.npy", false, false},
		{Kind{fam: famStatic, layer: 3}, "Kind(1,3)", "Kind(1,3).npy", "Kind(1,3)_count.npy", false, false},
	}
	for _, tc := range tests {
		if got := tc.k.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
		if got := tc.k.File(); got != tc.file {
			t.Errorf("%v.File() = %q, want %q", tc.k, got, tc.file)
		}
		if got := tc.k.AuxFile("count"); got != tc.aux {
			t.Errorf("%v.AuxFile(count) = %q, want %q", tc.k, got, tc.aux)
		}
		if got := tc.k.Valid(); got != tc.valid {
			t.Errorf("%v.Valid() = %v, want %v", tc.k, got, tc.valid)
		}
		if got := tc.k.IsContext(); got != tc.isContext {
			t.Errorf("%v.IsContext() = %v, want %v", tc.k, got, tc.isContext)
		}
	}
	for _, part := range []string{"", "Sum", "../x", "a_b", "sum.npy"} {
		if got := Context.AuxFile(part); got != "" {
			t.Errorf("AuxFile(%q) = %q, want \"\"", part, got)
		}
	}
	if Dynamic.Word2VecText() != "dynamic.w2v.txt" || Static.Word2VecBinary() != "static.w2v.bin" {
		t.Error("word2vec file names changed; they are a contract with other tools")
	}
	if VocabFile != "vocab.txt" || MetaFile != "meta.json" {
		t.Error("file names changed; they are a contract between extract and its readers")
	}
	if l, ok := ContextLayer(4).Layer(); l != 4 || !ok {
		t.Errorf("ContextLayer(4).Layer() = %d, %v", l, ok)
	}
	if _, ok := Context.Layer(); ok {
		t.Error("Context.Layer() ok = true")
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
		{"context", Context, nil},
		{"context_L0", ContextLayer(0), nil},
		{"context_L24", ContextLayer(24), nil},
		{"context_L1023", ContextLayer(1023), nil},
		{"context_L1024", Kind{}, ErrKind},
		{"context_L04", Kind{}, ErrKind},
		{"context_L", Kind{}, ErrKind},
		{"context_L-1", Kind{}, ErrKind},
		{"context_L+1", Kind{}, ErrKind},
		{"context:4", Kind{}, ErrKind},
		{"", Kind{}, ErrKind},
		{"Static", Kind{}, ErrKind},
		{" static", Kind{}, ErrKind},
		{"static,dynamic", Kind{}, ErrKind},
		{"contextual", Kind{}, ErrKind},
	}
	for _, tc := range tests {
		got, err := ParseKind(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseKind(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestParseKindsCanonical(t *testing.T) {
	ks, err := ParseKinds("context_L4, dynamic,context_L2,static,context")
	if err != nil {
		t.Fatal(err)
	}
	want := []Kind{Static, Dynamic, Context, ContextLayer(2), ContextLayer(4)}
	if len(ks) != len(want) {
		t.Fatalf("ParseKinds = %v, want %v", ks, want)
	}
	for i := range ks {
		if ks[i] != want[i] {
			t.Fatalf("ParseKinds = %v, want %v", ks, want)
		}
	}
	for _, bad := range []string{"", "static,", "static,static", "context_L2,context_L2", "dynamic,Static"} {
		if _, err := ParseKinds(bad); !errors.Is(err, ErrKind) {
			t.Errorf("ParseKinds(%q) err = %v, want ErrKind", bad, err)
		}
	}
}

func TestKindJSON(t *testing.T) {
	b, err := json.Marshal(map[string]Kind{"k": ContextLayer(7)})
	if err != nil || string(b) != `{"k":"context_L7"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back map[string]Kind
	if err := json.Unmarshal(b, &back); err != nil || back["k"] != ContextLayer(7) {
		t.Fatalf("Unmarshal = %v, %v", back, err)
	}
	if _, err := json.Marshal(Kind{}); !errors.Is(err, ErrKind) {
		t.Errorf("Marshal(Kind{}) err = %v, want ErrKind", err)
	}
	if err := json.Unmarshal([]byte(`"bogus"`), new(Kind)); !errors.Is(err, ErrKind) {
		t.Errorf("Unmarshal(bogus) err = %v, want ErrKind", err)
	}
}

func FuzzParseKind(f *testing.F) {
	for _, s := range []string{"static", "dynamic", "context", "context_L0", "context_L12", "context_L0012", "context_L99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKind(s)
		if err != nil {
			if !errors.Is(err, ErrKind) || k != (Kind{}) {
				t.Fatalf("ParseKind(%q) = %v, %v: want Kind{} and ErrKind", s, k, err)
			}
			return
		}
		if !k.Valid() || k.String() != s {
			t.Fatalf("ParseKind(%q) = %v: not a valid kind that prints as the input", s, k)
		}
	})
}

func FuzzParseKinds(f *testing.F) {
	f.Add("static,dynamic")
	f.Add("context_L3,context,static")
	f.Fuzz(func(t *testing.T, s string) {
		ks, err := ParseKinds(s)
		if err != nil {
			if !errors.Is(err, ErrKind) {
				t.Fatalf("ParseKinds(%q) err = %v, want ErrKind", s, err)
			}
			return
		}
		if len(ks) == 0 || !slices.IsSortedFunc(ks, Kind.Compare) {
			t.Fatalf("ParseKinds(%q) = %v: empty or not canonical", s, ks)
		}
		again, err := ParseKinds(strings.Join(Names(ks), ","))
		if err != nil || !slices.Equal(again, ks) {
			t.Fatalf("round trip of %v: %v, %v", ks, again, err)
		}
	})
}
