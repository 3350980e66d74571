package tokenize

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// japanese configures BertJapaneseTokenizer's word and subword steps.
func (t *Tokenizer) japanese(c *Config, never map[string]bool, o loadOptions, desc *[]string) error {
	if !valueOr(c.DoWordTokenize, true) {
		t.wordMode = wordWhitespace
		*desc = append(*desc, "no word tokenizer")
	} else {
		wt := valueOr(c.WordTokenizerType, "basic")
		switch wt {
		case "basic":
			t.wordMode = wordBasic
			t.basic = basicTokenizer{lower: t.lower, strip: valueOr(c.StripAccents, t.lower), neverSplit: never}
			*desc = append(*desc, fmt.Sprintf("basic(lower=%v, chinese_chars=false)", t.lower))
		case "whitespace":
			t.wordMode = wordWhitespace
			*desc = append(*desc, "whitespace")
		case "mecab":
			kw := MecabKwargs{}
			if c.MecabKwargs != nil {
				kw = *c.MecabKwargs
			} else {
				ipadic := "ipadic"
				kw.Dic = &ipadic
			}
			seg, err := o.segmenter(kw)
			if err != nil {
				return fmt.Errorf("word_tokenizer_type mecab: %w", err)
			}
			t.wordMode, t.seg, t.nfkc = wordMecab, seg, valueOr(kw.NormalizeText, true)
			dic := valueOr(kw.Dic, "null")
			*desc = append(*desc, fmt.Sprintf("mecab(dic=%s, option=%q, nfkc=%v, lower=%v)", dic, kw.Option, t.nfkc, t.lower))
		case "sudachi", "jumanpp":
			return fmt.Errorf("%w: word_tokenizer_type %q (bertvec implements mecab, basic and whitespace)", ErrUnsupported, wt)
		default:
			return fmt.Errorf("%w: word_tokenizer_type %q is not one transformers knows", ErrUnsupported, wt)
		}
	}
	if !valueOr(c.DoSubwordTokenize, true) {
		t.subword = kindWhole
		*desc = append(*desc, "no subword tokenizer")
		return nil
	}
	st := valueOr(c.SubwordTokenizerType, "wordpiece")
	switch st {
	case "wordpiece":
		t.subword = kindPieces
	case "character":
		t.subword = kindChars
	case "sentencepiece":
		return fmt.Errorf("%w: subword_tokenizer_type \"sentencepiece\"", ErrUnsupported)
	default:
		return fmt.Errorf("%w: subword_tokenizer_type %q is not one transformers knows", ErrUnsupported, st)
	}
	*desc = append(*desc, st)
	return nil
}

// splitWords runs the word tokenizer over one piece of text between
// special tokens.
func (t *Tokenizer) splitWords(w *words, text string) error {
	switch t.wordMode {
	case wordBasic:
		t.basic.split(w, text, t.subword)
	case wordWhitespace:
		if t.subword == kindChars { // CharacterTokenizer sees the whole text, spaces too
			w.addString(text, kindChars)
			return nil
		}
		for _, f := range strings.FieldsFunc(text, isPySpace) {
			w.addString(f, t.subword)
		}
	case wordMecab:
		if t.nfkc {
			if q, ok := quickNFKC(text); ok {
				text = q
			} else {
				text = norm.NFKC.String(text)
			}
		}
		var err error
		w.seg, err = t.seg.Segment(w.seg[:0], text)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrInput, err)
		}
		for i := 0; i+1 < len(w.seg); i += 2 {
			s := text[w.seg[i]:w.seg[i+1]]
			if t.lower && !t.neverSplit[s] {
				s = pyLower(s)
			}
			w.addString(s, t.subword)
		}
	}
	return nil
}

// subwords runs the subword step over every word.
func (t *Tokenizer) subwords(w *words, all string) []Token {
	out := make([]Token, 0, len(w.kinds)+len(w.kinds)/4)
	for k, kind := range w.kinds {
		word := all[w.spans[2*k]:w.spans[2*k+1]]
		switch kind {
		case kindWhole:
			out = append(out, Token{Text: word, ID: t.lookup(word), Word: k})
		case kindChars:
			word = norm.NFKC.String(word)
			for i, r := range word {
				c := word[i : i+utf8.RuneLen(r)]
				if _, ok := t.voc.ID(c); ok {
					out = append(out, Token{Text: c, ID: t.lookup(c), Word: k})
				} else {
					out = append(out, Token{Text: t.unk, ID: t.unkID, Word: k})
				}
			}
		default:
			if t.keepWhole[word] {
				out = append(out, Token{Text: word, ID: t.lookup(word), Word: k})
				continue
			}
			out = t.wordPieces(out, w, word, k)
		}
	}
	return out
}

// wordPieces appends WordpieceTokenizer.tokenize(word): white space inside
// splits it further (rare: words come from a word tokenizer), and a part
// without a full split is one [UNK].
func (t *Tokenizer) wordPieces(out []Token, w *words, word string, k int) []Token {
	if hasPySpace(word) {
		for _, f := range strings.FieldsFunc(word, isPySpace) {
			out = t.wordPieces(out, w, f, k)
		}
		return out
	}
	if word == "" {
		return out
	}
	pieces, ok := t.cachedPieces(w, word)
	if !ok {
		return append(out, Token{Text: t.unk, ID: t.unkID, Word: k})
	}
	if len(pieces) == 1 { // the word is the entry: no read of the vocabulary's strings
		return append(out, Token{Text: word, ID: pieces[0], Word: k})
	}
	for _, id := range pieces {
		out = append(out, Token{Text: t.voc.Token(int(id)), ID: id, Word: k})
	}
	return out
}

// hasPySpace reports whether s holds a character isPySpace accepts. It
// looks at bytes through spaceByte: only the lead bytes C2, E1, E2 and E3
// can start a non-ASCII space, and E3 (all of kana) only as U+3000.
func hasPySpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch spaceByte[s[i]] {
		case 0:
		case 1:
			return true
		case 3:
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 { // U+3000
				return true
			}
		default:
			if r, _ := utf8.DecodeRuneInString(s[i:]); isPySpace(r) {
				return true
			}
		}
	}
	return false
}

// spaceByte: 1 for an ASCII space of isPySpace, 2 for a lead byte of a
// non-ASCII one (U+0085 U+00A0, U+1680, U+2000..U+205F), 3 for E3.
var spaceByte = [256]uint8{
	'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, 0x1C: 1, 0x1D: 1, 0x1E: 1, 0x1F: 1, ' ': 1,
	0xC2: 2, 0xE1: 2, 0xE2: 2, 0xE3: 3,
}
