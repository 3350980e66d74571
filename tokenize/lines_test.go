package tokenize

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestTokenizeLines(t *testing.T) {
	tk, ref := load(t, "en-basic-wordpiece.jsonl")
	var in strings.Builder
	for i, l := range ref {
		in.WriteString(l.Text)
		if i%7 == 0 {
			in.WriteString("\r") // CRLF lines read the same
		}
		in.WriteString("\n")
	}
	in.WriteString("\nlast line without newline")
	var got []Line
	err := tk.TokenizeLines(strings.NewReader(in.String()), func(l Line) error {
		got = append(got, l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ref)+2 {
		t.Fatalf("%d lines, want %d", len(got), len(ref)+2)
	}
	for i, l := range ref {
		if got[i].N != i+1 || got[i].Text != l.Text || diff(got[i].Tokens, l) != "" {
			t.Fatalf("line %d: %+v differs from the reference", i+1, got[i])
		}
	}
	if empty := got[len(ref)]; empty.Text != "" || len(empty.Tokens) != 0 {
		t.Errorf("empty line: %+v", empty)
	}
	if last := got[len(ref)+1]; last.Text != "last line without newline" || len(last.Tokens) != 5 { // newline → new ##line
		t.Errorf("last line: %+v", last)
	}
}

func TestTokenizeLinesErrors(t *testing.T) {
	tk, _ := load(t, "en-basic-wordpiece.jsonl")
	in := strings.Repeat("fine\n", 1000) + "bad \xff\n" + strings.Repeat("more\n", 1000)
	n := 0
	err := tk.TokenizeLines(strings.NewReader(in), func(Line) error { n++; return nil })
	if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "line 1001") || n != 1000 {
		t.Errorf("bad line: %v after %d lines", err, n)
	}
	stop := errors.New("stop")
	n = 0
	err = tk.TokenizeLines(strings.NewReader(in), func(Line) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Errorf("emit error: %v after %d lines", err, n)
	}
}

func TestTokenizeWords(t *testing.T) {
	tk, _ := load(t, "en-basic-wordpiece.jsonl")
	toks, words, err := tk.TokenizeWords("Xyzzy, [MASK] Café")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"xyzzy", ",", "[MASK]", "cafe"}; !reflect.DeepEqual(words, want) {
		t.Errorf("words %q, want %q", words, want)
	}
	for _, tok := range toks {
		if tok.Word < 0 || tok.Word >= len(words) {
			t.Fatalf("token %+v: word out of range", tok)
		}
	}
}
