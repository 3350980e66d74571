package vocab

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestWordPiece(t *testing.T) {
	v := loadTiny(t)
	id := func(tok string) int {
		i, ok := v.ID(tok)
		if !ok {
			t.Fatalf("test vocab lacks %q", tok)
		}
		return i
	}
	tests := []struct {
		word   string
		pieces []string // nil when err is set
		err    error
	}{
		{word: "王", pieces: []string{"王"}},
		{word: "女王", pieces: []string{"女王"}}, // whole word beats 女 + ##王
		{word: "王女", pieces: []string{"王女"}},
		{word: "男女", pieces: []string{"男", "##女"}},
		{word: "日本国", pieces: []string{"日本", "##国"}},
		{word: "日本人", pieces: []string{"日本", "##人"}},
		{word: "王王王", pieces: []string{"王", "##王", "##王"}},
		{word: "[CLS]", pieces: []string{"[CLS]"}},
		{word: strings.Repeat("王", MaxWordRunes), pieces: append([]string{"王"}, repeat("##王", MaxWordRunes-1)...)},
		{word: strings.Repeat("王", MaxWordRunes+1), err: ErrUnknown},
		{word: "龍", err: ErrUnknown},
		{word: "王龍", err: ErrUnknown},          // one bad piece makes the whole word [UNK]
		{word: "##王", pieces: []string{"##王"}}, // the vocab has it, and HF matches it the same way
		{word: "##龍", err: ErrUnknown},
		{word: "[UNK]", err: ErrUnknown},
		{word: "", err: ErrBadWord},
		{word: "王 女", err: ErrBadWord},
		{word: "王\t", err: ErrBadWord},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got, err := v.WordPiece(tt.word)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.word)) {
					t.Errorf("error %q does not name the word", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := make([]int, len(tt.pieces))
			for i, p := range tt.pieces {
				want[i] = id(p)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("ids = %v, want %v (%q)", got, want, tt.pieces)
			}
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// referenceWordPiece is HF's WordpieceTokenizer.tokenize for one word,
// written out plainly so the fuzzer can compare the library against it.
func referenceWordPiece(v *Vocab, word string) ([]int, bool) {
	chars := []rune(word)
	if len(chars) > MaxWordRunes {
		return nil, false
	}
	var ids []int
	for start := 0; start < len(chars); {
		end, found := len(chars), -1
		for ; start < end; end-- {
			sub := string(chars[start:end])
			if start > 0 {
				sub = "##" + sub
			}
			if id, ok := v.ID(sub); ok {
				found = id
				break
			}
		}
		if found < 0 {
			return nil, false
		}
		ids = append(ids, found)
		start = end
	}
	return ids, true
}

func FuzzWordPiece(f *testing.F) {
	v := loadTiny(f)
	for _, s := range []string{"王", "女王", "王女", "日本人", "龍", "", "a", "aing", "王 女", "\xff", "##王"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		got, err := v.WordPiece(word)
		if word == "" || strings.ContainsFunc(word, unicode.IsSpace) {
			if !errors.Is(err, ErrBadWord) {
				t.Fatalf("WordPiece(%q) err = %v, want ErrBadWord", word, err)
			}
			return
		}
		want, ok := referenceWordPiece(v, word)
		// The reference maps a word to [UNK] ids only when [UNK] is a piece.
		for _, id := range want {
			if id == v.Specials().UNK {
				ok = false
			}
		}
		if !ok {
			if !errors.Is(err, ErrUnknown) {
				t.Fatalf("WordPiece(%q) = %v, %v; want ErrUnknown", word, got, err)
			}
			return
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("WordPiece(%q) = %v, %v; reference %v", word, got, err, want)
		}
	})
}

func FuzzRead(f *testing.F) {
	f.Add("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n王\n##王\n")
	f.Add("[UNK]\r\n[CLS]\r\n[SEP]")
	f.Add("[CLS]\n[CLS]\n[SEP]\n[UNK]\n\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		v, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		if v.Len() == 0 || v.Len() != len(v.Tokens()) {
			t.Fatalf("Len %d, %d tokens", v.Len(), len(v.Tokens()))
		}
		for i, tok := range v.Tokens() {
			id, ok := v.ID(tok)
			if !ok || v.Token(id) != tok || id < i {
				t.Fatalf("token %d %q: ID = %d, %v", i, tok, id, ok)
			}
		}
		s := v.Specials()
		for _, id := range []int{s.UNK, s.CLS, s.SEP} {
			if id < 0 || id >= v.Len() {
				t.Fatalf("special id %d out of range", id)
			}
		}
		if word := v.Token(v.Len() - 1); word != "" {
			_, _ = v.WordPiece(word) // must not panic
		}
	})
}
