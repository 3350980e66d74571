package vocab

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

const tinyVocab = "../testdata/tiny-bert-ja/vocab.txt"

func loadTiny(t testing.TB) *Vocab {
	t.Helper()
	v, err := Load(tinyVocab)
	if err != nil {
		t.Fatalf("Load(%s): %v", tinyVocab, err)
	}
	return v
}

func TestLoadTiny(t *testing.T) {
	v := loadTiny(t)
	raw, err := os.ReadFile(tinyVocab)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if v.Len() != len(lines) {
		t.Fatalf("Len = %d, file has %d lines", v.Len(), len(lines))
	}
	if !reflect.DeepEqual(v.Tokens(), lines) {
		t.Fatal("Tokens() differs from the file's lines")
	}
	for i, tok := range lines {
		if got := v.Token(i); got != tok {
			t.Fatalf("Token(%d) = %q, want %q", i, got, tok)
		}
		if id, ok := v.ID(tok); !ok || id != i {
			t.Fatalf("ID(%q) = %d, %v; want %d", tok, id, ok, i)
		}
	}
	want := Specials{PAD: 0, UNK: 1, CLS: 2, SEP: 3, MASK: 4}
	if got := v.Specials(); got != want {
		t.Fatalf("Specials = %+v, want %+v", got, want)
	}
	for _, id := range []int{-1, v.Len()} {
		if got := v.Token(id); got != "" {
			t.Errorf("Token(%d) = %q, want \"\"", id, got)
		}
	}
	if _, ok := v.ID("龍"); ok {
		t.Error(`ID("龍") found a token the file does not have`)
	}
}

func TestRead(t *testing.T) {
	const specials = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n"
	tests := []struct {
		name     string
		in       string
		tokens   []string
		ids      map[string]int // ID() expectations
		specials Specials
		err      error
	}{
		{name: "trailing newline", in: specials + "a\nb\n",
			tokens:   []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b"},
			ids:      map[string]int{"a": 5, "b": 6},
			specials: Specials{0, 1, 2, 3, 4}},
		{name: "no trailing newline", in: specials + "a\nb",
			tokens:   []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b"},
			specials: Specials{0, 1, 2, 3, 4}},
		{name: "CRLF", in: strings.ReplaceAll(specials+"a\nb\n", "\n", "\r\n"),
			tokens:   []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b"},
			ids:      map[string]int{"a": 5, "b": 6, "[SEP]": 3},
			specials: Specials{0, 1, 2, 3, 4}},
		{name: "duplicate keeps every line, ID is the last", in: specials + "a\nb\na\n",
			tokens:   []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "a"},
			ids:      map[string]int{"a": 7, "b": 6},
			specials: Specials{0, 1, 2, 3, 4}},
		{name: "empty line is a token", in: specials + "\na\n",
			tokens:   []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "", "a"},
			ids:      map[string]int{"": 5, "a": 6},
			specials: Specials{0, 1, 2, 3, 4}},
		{name: "no PAD or MASK", in: "[CLS]\n[SEP]\n[UNK]\n",
			tokens:   []string{"[CLS]", "[SEP]", "[UNK]"},
			specials: Specials{PAD: -1, UNK: 2, CLS: 0, SEP: 1, MASK: -1}},
		{name: "empty file", in: "", err: ErrEmpty},
		{name: "missing CLS", in: "[PAD]\n[UNK]\n[SEP]\n", err: ErrMissingSpecial},
		{name: "missing SEP", in: "[PAD]\n[UNK]\n[CLS]\n", err: ErrMissingSpecial},
		{name: "missing UNK", in: "[PAD]\n[CLS]\n[SEP]\n", err: ErrMissingSpecial},
		{name: "lower-case specials are not specials", in: "[unk]\n[cls]\n[sep]\n", err: ErrMissingSpecial},
		{name: "not UTF-8", in: specials + "\xff\xfe\n", err: ErrFormat},
		{name: "line too long", in: specials + strings.Repeat("x", maxLine+1) + "\n", err: ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Read(strings.NewReader(tt.in))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v.Tokens(), tt.tokens) {
				t.Errorf("Tokens = %q, want %q", v.Tokens(), tt.tokens)
			}
			if v.Len() != len(tt.tokens) {
				t.Errorf("Len = %d, want %d", v.Len(), len(tt.tokens))
			}
			for tok, want := range tt.ids {
				if got, ok := v.ID(tok); !ok || got != want {
					t.Errorf("ID(%q) = %d, %v; want %d", tok, got, ok, want)
				}
			}
			if v.Specials() != tt.specials {
				t.Errorf("Specials = %+v, want %+v", v.Specials(), tt.specials)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load("testdata/no-such-vocab.txt"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: err = %v, want os.ErrNotExist", err)
	}
	dir := t.TempDir()
	p := dir + "/vocab.txt"
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), p) {
		t.Fatalf("empty file: err = %v, want ErrEmpty naming %s", err, p)
	}
}
