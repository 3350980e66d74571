package tokenize

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Character classes exactly as transformers' tokenization_utils and
// Python's str methods define them (see doc.go for each definition).
const (
	cRemove  = 1 << iota // NUL, U+FFFD, or _is_control: category C* except \t \n \r
	cSpace               // _is_whitespace: ' ' \t \n \r or Zs
	cPunct               // _is_punctuation: ASCII symbols or P*
	cCJK                 // _is_chinese_char
	cPySpace             // str.isspace: bidi WS, B, S or Zs
)

// bmp caches the classes of the Basic Multilingual Plane.
var (
	bmpOnce sync.Once
	bmp     *[0x10000]uint8
)

func classOf(r rune) uint8 {
	if r < 0x10000 {
		bmpOnce.Do(func() {
			var t [0x10000]uint8
			for c := rune(0); c < 0x10000; c++ {
				t[c] = computeClass(c)
			}
			bmp = &t
		})
		return bmp[r]
	}
	return computeClass(r)
}

func computeClass(r rune) uint8 {
	var c uint8
	if r == 0 || r == utf8.RuneError || isControl(r) {
		c |= cRemove
	}
	if r == ' ' || r == '\t' || r == '\n' || r == '\r' || unicode.Is(unicode.Zs, r) {
		c |= cSpace
	}
	if r >= 33 && r <= 47 || r >= 58 && r <= 64 || r >= 91 && r <= 96 || r >= 123 && r <= 126 || unicode.IsPunct(r) {
		c |= cPunct
	}
	if isCJK(r) {
		c |= cCJK
	}
	if isPySpace(r) {
		c |= cPySpace
	}
	return c
}

// isControl is transformers' _is_control: Python's category starting with
// "C" (Cc, Cf, Cs, Co and Cn, unassigned), except tab, newline and CR.
func isControl(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) {
		return true
	}
	// Cn: assigned to no category at all.
	return !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z)
}

// isCJK is BasicTokenizer._is_chinese_char: the CJK Unified Ideographs
// blocks and their extensions, not kana or hangul.
func isCJK(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF ||
		r >= 0x20000 && r <= 0x2A6DF || r >= 0x2A700 && r <= 0x2B73F ||
		r >= 0x2B740 && r <= 0x2B81F || r >= 0x2B820 && r <= 0x2CEAF ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F
}

// isPySpace is Python's str.isspace, which str.split() and str.strip()
// use: it includes the information separators U+001C..U+001F, which
// Go's unicode.IsSpace does not.
func isPySpace(r rune) bool {
	switch {
	case r >= '\t' && r <= '\r', r >= 0x1C && r <= ' ', r == 0x85, r == 0xA0, r == 0x1680,
		r >= 0x2000 && r <= 0x200A, r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x3000:
		return true
	}
	return false
}

// lowerRuneTo appends Python's str.lower() of the one-character string r:
// the simple lower-case mapping, except U+0130 (İ), whose full mapping is
// two characters, i and U+0307.
func lowerRuneTo(dst []byte, r rune) []byte {
	if r == 0x130 {
		return append(dst, "i\u0307"...)
	}
	return utf8.AppendRune(dst, unicode.ToLower(r))
}

// pyLower is Python's str.lower() of a whole string: per character, but a
// capital sigma is final (ς) when a cased letter precedes it and none
// follows, case-ignorable characters skipped (Unicode's Final_Sigma).
func pyLower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= 'A' && c <= 'Z' {
				b := []byte(s)
				for j := i; j < len(b); j++ {
					if b[j] >= 'A' && b[j] <= 'Z' {
						b[j] += 'a' - 'A'
					}
				}
				return string(b)
			}
		}
		return s
	}
	out := make([]byte, 0, len(s)+2)
	for i, r := range s {
		if r == 0x3A3 {
			if finalSigma(s, i) {
				out = utf8.AppendRune(out, 0x3C2)
			} else {
				out = utf8.AppendRune(out, 0x3C3)
			}
			continue
		}
		out = lowerRuneTo(out, r)
	}
	return string(out)
}

func finalSigma(s string, i int) bool {
	before := false
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if !caseIgnorable(r) {
			before = cased(r)
			break
		}
	}
	if !before {
		return false
	}
	for _, r := range s[i+2:] { // Σ is two bytes
		if !caseIgnorable(r) {
			return !cased(r)
		}
	}
	return true
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// caseIgnorable approximates Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk
// and the word-break MidLetter, MidNumLet and Single_Quote characters.
func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
