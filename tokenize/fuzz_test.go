package tokenize

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// referenceBasic is BasicTokenizer.tokenize transcribed step by step from
// transformers 4.26 (whole-text passes, rune slices), to check the fused
// single pass in basic.go against.
func referenceBasic(b *basicTokenizer, text string) []string {
	var clean []rune
	for _, r := range text {
		if r == 0 || r == 0xFFFD || isControl(r) {
			continue
		}
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || unicode.Is(unicode.Zs, r) {
			clean = append(clean, ' ')
		} else {
			clean = append(clean, r)
		}
	}
	if b.chinese {
		var out []rune
		for _, r := range clean {
			if isCJK(r) {
				out = append(out, ' ', r, ' ')
			} else {
				out = append(out, r)
			}
		}
		clean = out
	}
	var split []string
	for _, tok := range strings.FieldsFunc(string(clean), isPySpace) {
		if !b.neverSplit[tok] {
			if b.lower {
				tok = pyLower(tok)
			}
			if b.strip {
				var s []rune
				for _, r := range norm.NFD.String(tok) {
					if !unicode.Is(unicode.Mn, r) {
						s = append(s, r)
					}
				}
				tok = string(s)
			}
		}
		if b.neverSplit[tok] {
			split = append(split, tok)
			continue
		}
		var cur []rune
		for _, r := range tok {
			if r >= 33 && r <= 47 || r >= 58 && r <= 64 || r >= 91 && r <= 96 || r >= 123 && r <= 126 || unicode.IsPunct(r) {
				if len(cur) > 0 {
					split = append(split, string(cur))
					cur = nil
				}
				split = append(split, string(r))
			} else {
				cur = append(cur, r)
			}
		}
		if len(cur) > 0 {
			split = append(split, string(cur))
		}
	}
	return strings.FieldsFunc(strings.Join(split, " "), isPySpace)
}

func basicWords(b *basicTokenizer, text string) []string {
	var w words
	b.split(&w, text, kindPieces)
	var out []string
	for k := range w.kinds {
		out = append(out, string(w.buf[w.spans[2*k]:w.spans[2*k+1]]))
	}
	return out
}

func FuzzBasicTokenizer(f *testing.F) {
	for _, s := range []string{"Hello, World!", "cafe\u0301 CAFÉ", "東京タワー", "a\x00b\u200bc\ufffd", "ΣΑΣ Σ", "İ", "x\u2028y\x1cz",
		"[MASK] [mask]", "ＡＢＣ１２３", "😀❤", "\t\u3000 ", "no_split here"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, text string, lower bool) {
		if !utf8.ValidString(text) {
			return // Tokenize refuses it before BasicTokenizer runs
		}
		b := &basicTokenizer{lower: lower, strip: lower, chinese: true, neverSplit: map[string]bool{"[MASK]": true, "no_split": true}}
		got, want := basicWords(b, text), referenceBasic(b, text)
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("basic(%q, lower=%v) = %q, reference %q", text, lower, got, want)
		}
	})
}

// FuzzTokenize: any text gives valid ids whose token text matches the
// vocabulary, or one clear error for invalid UTF-8.
func FuzzTokenize(f *testing.F) {
	tk, _ := load(f, "en-basic-wordpiece.jsonl")
	for _, s := range []string{"Project Gutenberg's Botchan", "hello [MASK] world", "\xff", "", strings.Repeat("a", 101), "東京 ＡＢＣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := tk.Tokenize(text)
		if !utf8.ValidString(text) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			if g.ID < 0 || int(g.ID) >= tk.Vocab().Len() {
				t.Fatalf("id %d out of range", g.ID)
			}
			if g.ID != tk.unkID && tk.Vocab().Token(int(g.ID)) != g.Text {
				t.Fatalf("token %q has id %d = %q", g.Text, g.ID, tk.Vocab().Token(int(g.ID)))
			}
			if strings.ContainsFunc(g.Text, isPySpace) || g.Text == "" {
				t.Fatalf("token %q", g.Text)
			}
		}
	})
}

// FuzzQuickNFKC: what quickNFKC accepts, it normalises as NFKC does.
func FuzzQuickNFKC(f *testing.F) {
	for _, s := range []string{"吾輩は猫である。", "カ\u3099", "ｶﾞ", "ＡＢＣ\u0301", "「」『』【】々〆", "abc\u0301", "…\u3000！？", "Ａ\u0300"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if q, ok := quickNFKC(s); ok && q != norm.NFKC.String(s) {
			t.Fatalf("quickNFKC(%q) = %q, NFKC gives %q", s, q, norm.NFKC.String(s))
		}
	})
}

// TestQuickNFKC checks every character the fast path accepts, alone, then
// each pair of the accepted characters outside the ideographs (and a
// sample of those), and each followed by every combining mark: NFKC of
// the pair must be the two characters' NFKC side by side.
func TestQuickNFKC(t *testing.T) {
	var accepted []string
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		q, ok := quickNFKC(s)
		if !ok {
			continue
		}
		if want := norm.NFKC.String(s); q != want {
			t.Fatalf("quickNFKC(U+%04X) = %q, NFKC gives %q", r, q, want)
		}
		if !isCJK(r) || r%97 == 0 {
			accepted = append(accepted, s)
		}
	}
	if len(accepted) < 400 {
		t.Fatalf("only %d characters accepted", len(accepted))
	}
	var marks []string
	for r := rune(0); r < 0x10000; r++ {
		if norm.NFKC.PropertiesString(string(r)).CCC() != 0 || unicode.Is(unicode.M, r) {
			marks = append(marks, string(r))
		}
	}
	for _, a := range accepted {
		for _, b := range accepted {
			if q, _ := quickNFKC(a + b); q != norm.NFKC.String(a+b) {
				t.Fatalf("quickNFKC(%q) = %q, NFKC gives %q", a+b, q, norm.NFKC.String(a+b))
			}
		}
		for _, m := range marks {
			if q, ok := quickNFKC(a + m); ok && q != norm.NFKC.String(a+m) {
				t.Fatalf("quickNFKC(%q) = %q, NFKC gives %q", a+m, q, norm.NFKC.String(a+m))
			}
		}
	}
}

// TestHasPySpace checks the byte scan against isPySpace for every
// character, alone and between kana.
func TestHasPySpace(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		for _, s := range []string{string(r), "あ" + string(r) + "ア"} {
			if got := hasPySpace(s); got != isPySpace(r) {
				t.Fatalf("hasPySpace(%q) = %v, isPySpace(U+%04X) = %v", s, got, r, isPySpace(r))
			}
		}
	}
}
