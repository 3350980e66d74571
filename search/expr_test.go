package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseExpression(t *testing.T) {
	pos := func(w string) Term { return Term{Word: w} }
	neg := func(w string) Term { return Term{Word: w, Neg: true} }
	tests := []struct {
		in   string
		want []Term
	}{
		{"王", []Term{pos("王")}},
		{"王-男+女", []Term{pos("王"), neg("男"), pos("女")}},
		{"王 - 男 + 女", []Term{pos("王"), neg("男"), pos("女")}},
		{"  王　－　男　＋　女  ", []Term{pos("王"), neg("男"), pos("女")}}, // full-width space and signs
		{"王−男", []Term{pos("王"), neg("男")}},                     // U+2212
		{"-男 + 女", []Term{neg("男"), pos("女")}},
		{"+王", []Term{pos("王")}},
		{"##e+[PAD]", []Term{pos("##e"), pos("[PAD]")}},
		{"東京 - 日本 + フランス", []Term{pos("東京"), neg("日本"), pos("フランス")}},
	}
	for _, tt := range tests {
		e, err := ParseExpression(tt.in)
		if err != nil {
			t.Errorf("ParseExpression(%q): %v", tt.in, err)
			continue
		}
		if !slices.Equal(e.Terms, tt.want) {
			t.Errorf("ParseExpression(%q) = %v, want %v", tt.in, e.Terms, tt.want)
		}
	}
}

func TestParseExpressionErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "empty expression"},
		{"   　 ", "empty expression"},
		{"王 +", "dangling operator '+'"},
		{"王 －", "dangling operator '－'"},
		{"-", "dangling operator"},
		{"王 + + 女", "empty term between '+' and '+'"},
		{"王 +- 女", "empty term"},
		{"- - 王", "empty term"},
		{"王 女", `missing + or - between "王" and "女"`},
		{"王\t\x00", "control"},
		{"王+\xff", "invalid"},
	}
	for _, tt := range tests {
		_, err := ParseExpression(tt.in)
		if !errors.Is(err, ErrExpression) {
			t.Errorf("ParseExpression(%q) err = %v, want ErrExpression", tt.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseExpression(%q) err = %q, want it to mention %q", tt.in, err, tt.msg)
		}
	}
}

func TestExpressionString(t *testing.T) {
	for in, want := range map[string]string{
		"王-男+女":   "王 - 男 + 女",
		"－男＋女":    "-男 + 女",
		" 王 ":     "王",
		"a+b-c-d": "a + b - c - d",
	} {
		e, err := ParseExpression(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.String(); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseExpression(f *testing.F) {
	for _, s := range []string{"王-男+女", "王 - 男 + 女", "－男＋女", "王 + + 女", "王 +", "", "a b", "##e−[PAD]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpression(s)
		if err != nil {
			if !errors.Is(err, ErrExpression) {
				t.Fatalf("error %v does not wrap ErrExpression", err)
			}
			return
		}
		if len(e.Terms) == 0 {
			t.Fatal("no terms and no error")
		}
		for _, term := range e.Terms {
			if term.Word == "" || !utf8.ValidString(term.Word) || strings.ContainsFunc(term.Word, func(r rune) bool {
				return isPlus(r) || isMinus(r) || r == ' '
			}) {
				t.Fatalf("bad word %q from %q", term.Word, s)
			}
		}
		// The canonical form parses back to the same terms.
		again, err := ParseExpression(e.String())
		if err != nil || !slices.Equal(again.Terms, e.Terms) {
			t.Fatalf("%q -> %q -> %v, %v", s, e.String(), again.Terms, err)
		}
	})
}
