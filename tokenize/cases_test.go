package tokenize

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestOwnCases covers what the conformance sets barely touch. transformers
// cannot run here, so each expectation is derived from its definition, as
// the comments say: the word split by hand from BasicTokenizer's rules,
// or, for MeCab, from mecab(1) run on Python's NFKC of the text with the
// same dictionary; the pieces from WordpieceTokenizer's loop run in
// Python over the same vocab.txt (greedy longest match, "##").
func TestOwnCases(t *testing.T) {
	rep := func(s string, n int) []string { return strings.Fields(strings.Repeat(s+" ", n)) }
	cases := []struct {
		ref, name, in string
		want          []string
	}{
		// BertTokenizer, uncased: lower-case, strip accents, split punctuation.
		{"en", "accents", "Héllo WORLD", []string{"hello", "world"}},
		{"en", "combining accent", "cafe\u0301", []string{"cafe"}}, // NFD + drop Mn
		{"en", "precomposed", "CAFÉ", []string{"cafe"}},
		{"en", "tab, ideographic space, U+2028", "hello\tworld\u3000tokyo\u2028com", []string{"hello", "world", "tokyo", "com"}},
		{"en", "controls join", "hel\x00lo wor\u200bld\ufffd", []string{"hello", "world"}}, // NUL, ZWSP (Cf), U+FFFD dropped
		{"en", "private use and unassigned", "hel\ue000lo\u0378", []string{"hello"}},       // Co, Cn are category C
		{"en", "full-width is not NFKC'd", "ＡＢＣ", []string{"[UNK]"}},                       // → ａｂｃ, no piece
		{"en", "emoji", "hello ❤ 😀", []string{"hello", "[UNK]", "[UNK]"}},
		{"en", "URL", "https://example.com/", []string{"https", ":", "/", "/", "example", ".", "com", "/"}},
		{"en", "dotted capital I", "İstanbul", []string{"istanbul"}}, // i + U+0307, then stripped
		{"en", "unknown word", "xyzzyqq", []string{"x", "##y", "##zzy", "##q", "##q"}},
		{"en", "101 characters", strings.Repeat("x", 101), []string{"[UNK]"}},
		{"en", "CJK spaced", "東京", []string{"東", "京"}},
		{"en", "special kept, white space eaten", "hello [MASK]world", []string{"hello", "[MASK]", "world"}},
		{"en", "lower-case special is text", "[mask]", []string{"[", "mask", "]"}},
		// BertTokenizer, cased, on the Japanese vocabulary.
		{"ja-basic", "100 characters", strings.Repeat("a", 100), append([]string{"a"}, rep("##a", 99)...)},
		{"ja-basic", "101 characters", strings.Repeat("a", 101), []string{"[UNK]"}},
		// BertJapaneseTokenizer: NFKC, MeCab, WordPiece.
		{"ja-mecab", "issue example", "女王様と王子様", []string{"女王", "様", "と", "王子", "様"}},
		{"ja-mecab", "full-width and half-width", "ＡＢＣ１２３ｱｲｳ", []string{"ABC", "123", "アイ", "##ウ"}},
		{"ja-mecab", "half-width dakuten", "ｶﾞｰﾃﾞﾝ", []string{"ガーデン"}},
		{"ja-mecab", "ideographic space and tab", "東京　タワー\tです", []string{"東京", "タワー", "です"}},
		{"ja-mecab", "emoji", "猫😀です", []string{"猫", "[UNK]", "です"}},
		{"ja-mecab", "URL", "https://example.com/", []string{"http", "##s", "://", "ex", "##amp", "##le", ".", "com", "/"}},
		{"ja-mecab", "combining dakuten", "か\u3099き", []string{"が", "##き"}},
		{"ja-mecab", "unknown kanji", "龘が好き", []string{"[UNK]", "が", "好き"}},
		// MeCab groups an unknown run of at most 24 more characters; the
		// best path here is 95 single letters, then one run of 25.
		{"ja-mecab", "long alphanumeric run", strings.Repeat("a", 120), append(rep("a", 96), rep("##a", 24)...)},
		{"ja-mecab", "special kept", "女王[MASK]様", []string{"女王", "[MASK]", "様"}},
	}
	files := map[string]string{"en": "en-basic-wordpiece.jsonl", "ja-basic": "ja-basic-wordpiece.jsonl", "ja-mecab": "ja-mecab-wordpiece.jsonl"}
	if !haveMecab {
		delete(files, "ja-mecab") // mecab_off_test.go checks the error instead
	}
	tks := map[string]*Tokenizer{}
	for ref, file := range files {
		tks[ref], _ = load(t, file)
	}
	for _, c := range cases {
		if tks[c.ref] == nil {
			continue
		}
		t.Run(c.ref+"/"+c.name, func(t *testing.T) {
			tk := tks[c.ref]
			got, err := tk.Tokenize(c.in)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, g := range got {
				texts = append(texts, g.Text)
				want := tk.unkID
				if g.Text != tk.unk {
					id, ok := tk.Vocab().ID(g.Text)
					if !ok {
						t.Errorf("%q is not in the vocabulary", g.Text)
					}
					want = int32(id)
				}
				if g.ID != want {
					t.Errorf("%q has id %d, want %d", g.Text, g.ID, want)
				}
			}
			if !reflect.DeepEqual(texts, c.want) {
				t.Errorf("Tokenize(%q) = %q\nwant %q", c.in, texts, c.want)
			}
		})
	}
}

func TestWordIndex(t *testing.T) {
	tk, _ := load(t, "en-basic-wordpiece.jsonl")
	got, err := tk.Tokenize("Xyzzy [MASK] hello, world")
	if err != nil {
		t.Fatal(err)
	}
	var words []int
	for _, g := range got {
		words = append(words, g.Word)
	}
	// x ##y ##zzy | [MASK] | hello | , | world
	if want := []int{0, 0, 0, 1, 2, 3, 4}; !reflect.DeepEqual(words, want) {
		t.Errorf("Word = %v, want %v (%v)", words, want, got)
	}
}

func TestBadInput(t *testing.T) {
	if haveMecab {
		tk, _ := load(t, "ja-mecab-wordpiece.jsonl")
		for name, in := range map[string]string{
			"not UTF-8":     "女王\xff様",
			"NUL for MeCab": "女王\x00様",
			"10 MB line":    strings.Repeat("女王様と王子様。", 10<<20/24),
		} {
			if _, err := tk.Tokenize(in); !errors.Is(err, ErrInput) {
				t.Errorf("%s: %v, want ErrInput", name, err)
			}
		}
	}
	en, _ := load(t, "en-basic-wordpiece.jsonl")
	if _, err := en.Tokenize("a\xffb"); !errors.Is(err, ErrInput) {
		t.Error("BertTokenizer took invalid UTF-8")
	}
	// BasicTokenizer has no length limit: a 10 MB line is linear work.
	got, err := en.Tokenize(strings.Repeat("hello ", 10<<20/6))
	if err != nil || len(got) != 10<<20/6 {
		t.Errorf("10 MB of English: %d tokens, %v", len(got), err)
	}
}

// TestCachePerTokenizer: the WordPiece cache of one tokenizer never
// answers for another vocabulary, and an [UNK] or long word is cached
// right.
func TestCachePerTokenizer(t *testing.T) {
	en, _ := load(t, "en-basic-wordpiece.jsonl")
	ja, _ := load(t, "ja-basic-wordpiece.jsonl")
	text := "hello example xyzzyqq ❤ " + strings.Repeat("ab", 20)
	want := map[*Tokenizer][]Token{}
	for _, tk := range []*Tokenizer{en, ja} {
		got, err := tk.Tokenize(text)
		if err != nil {
			t.Fatal(err)
		}
		want[tk] = got
	}
	if reflect.DeepEqual(want[en], want[ja]) {
		t.Fatal("the two vocabularies give the same tokens; the test proves nothing")
	}
	for i := 0; i < 50; i++ {
		for _, tk := range []*Tokenizer{en, ja} {
			got, _ := tk.Tokenize(text)
			if !reflect.DeepEqual(got, want[tk]) {
				t.Fatalf("round %d: %v, want %v", i, got, want[tk])
			}
		}
	}
}
