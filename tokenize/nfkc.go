package tokenize

import "unicode/utf8"

// quickNFKC is NFKC for the characters of ordinary Japanese text, several
// times faster than package norm, which MecabTokenizer's normalisation of
// every text would otherwise spend a tenth of the tokenizer's time in.
// ok is false, and the caller must use norm.NFKC, when s holds any other
// character. s must be valid UTF-8; s itself comes back when NFKC leaves
// it as it is, without a copy.
//
// Why per character is exact here: every accepted character is a starter
// (combining class 0) that no canonical composition takes as either
// element, and its NFKC mapping is itself or ASCII, which is the same.
// So NFKC of the text is the concatenation of each character's NFKC:
// nothing reorders or composes across characters. The combining marks,
// the half-width katakana and its sound marks (ｶﾞ → ガ), and anything
// else fall back. TestQuickNFKC checks every character and the pairs.
func quickNFKC(s string) (string, bool) {
	i := 0
	for i < len(s) { // the common case: nothing to change, nothing copied
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := decode3(s, i)
		if n == 0 || !nfkcKeeps(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s, true
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		r, n := decode3(s, i)
		switch {
		case n == 0:
			return "", false
		case nfkcKeeps(r):
			b = append(b, s[i:i+n]...)
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII ！..～
			b = append(b, byte(r-0xFEE0))
		case r == 0x3000: // ideographic space
			b = append(b, ' ')
		case r == 0x2026: // …
			b = append(b, "..."...)
		default:
			return "", false
		}
		i += n
	}
	return string(b), true
}

// decode3 decodes the three-byte UTF-8 sequence at s[i] (U+0800..U+FFFF,
// where all of Japanese is); n is 0 for any other length.
func decode3(s string, i int) (rune, int) {
	if s[i]&0xF0 != 0xE0 || i+2 >= len(s) {
		return 0, 0
	}
	return rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
}

// nfkcKeeps reports a character NFKC leaves as it is and that composes
// with nothing: hiragana, katakana, CJK Unified Ideographs, the common
// Japanese punctuation.
func nfkcKeeps(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, // CJK Unified Ideographs
		r >= 0x3041 && r <= 0x3096,              // hiragana (not the U+3099/309A marks)
		r >= 0x30A1 && r <= 0x30FA, r == 0x30FC, // katakana, ー
		r == 0x30FB,                                            // ・
		r >= 0x3001 && r <= 0x3003, r >= 0x3005 && r <= 0x3007, // 、。〃 々〆〇
		r >= 0x3008 && r <= 0x3011, // 〈〉《》「」『』【】
		r >= 0x3014 && r <= 0x301B, // 〔〕〖〗〘〙〚〛
		r == 0x2015, r == 0x203B,   // ― ※
		r >= 0x2018 && r <= 0x201D: // ‘’‚‛“”
		return true
	}
	return false
}
