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
		if t.nfkc && !nfkcInert(text) {
			text = norm.NFKC.String(text)
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
	for _, id := range pieces {
		out = append(out, Token{Text: t.voc.Token(int(id)), ID: id, Word: k})
	}
	return out
}

func hasPySpace(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ContainsFunc(s[i:], isPySpace)
		}
		if c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C && c <= 0x1F {
			return true
		}
	}
	return false
}

// pieceCache remembers the WordPiece split of recent short words, direct
// mapped by hash: text repeats its words, and one cache line read beats a
// lookup in the vocabulary's large map or trie, whose memory is mostly
// out of cache between MeCab calls.
type pieceCache struct{ e [1 << 12]cacheEntry }

// cacheEntry holds a word of up to 23 bytes inline and up to 6 ids; n is
// the number of ids, or unkEntry for a word that is [UNK].
type cacheEntry struct {
	klen uint8
	key  [23]byte
	n    uint8
	ids  [6]int32
}

const unkEntry = 0xFF

// cachedPieces is vocab.Pieces through w's cache.
func (t *Tokenizer) cachedPieces(w *words, word string) ([]int32, bool) {
	if len(word) > len(cacheEntry{}.key) {
		var ok bool
		w.pieces, ok = t.voc.Pieces(w.pieces[:0], word)
		return w.pieces, ok
	}
	if w.cache == nil {
		w.cache = new(pieceCache)
	}
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(word); i++ {
		h = (h ^ uint32(word[i])) * 16777619
	}
	e := &w.cache.e[h&(1<<12-1)]
	if int(e.klen) == len(word) && e.n != 0 && string(e.key[:e.klen]) == word {
		if e.n == unkEntry {
			return nil, false
		}
		return e.ids[:e.n], true
	}
	var ok bool
	w.pieces, ok = t.voc.Pieces(w.pieces[:0], word)
	switch {
	case !ok:
		e.n = unkEntry
	case len(w.pieces) <= len(e.ids):
		e.n = uint8(copy(e.ids[:], w.pieces))
	default:
		e.n = 0 // too many pieces to keep
		return w.pieces, true
	}
	e.klen = uint8(copy(e.key[:], word))
	return w.pieces, ok
}

// nfkcInert reports whether NFKC leaves s as it is because every character
// is one that has no compatibility decomposition, combining class 0 and
// composes with nothing in the set: ASCII, hiragana, katakana, the CJK
// Unified Ideographs and the common Japanese punctuation. Most Japanese
// text is all such characters, and this check is several times faster
// than NFKC's own quick check. Other text goes through NFKC.
func nfkcInert(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80,
			r >= 0x3041 && r <= 0x3096,              // hiragana (not the U+3099/309A marks)
			r >= 0x30A1 && r <= 0x30FA, r == 0x30FC, // katakana, ー
			r >= 0x4E00 && r <= 0x9FFF,                             // CJK Unified Ideographs
			r >= 0x3001 && r <= 0x3003, r >= 0x3005 && r <= 0x3007, // 、。〃 々〆〇
			r >= 0x3008 && r <= 0x3011: // 〈〉《》「」『』【】
		default:
			return false
		}
	}
	return true
}
