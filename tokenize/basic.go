package tokenize

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// basicTokenizer is transformers' BasicTokenizer (4.26): clean the text,
// space out CJK ideographs, split on white space, lower-case and strip
// accents per word, then split off every punctuation character.
type basicTokenizer struct {
	lower, strip, chinese bool
	neverSplit            map[string]bool // init never_split ∪ the special tokens
}

// split appends text's words to w as kind.
func (b *basicTokenizer) split(w *words, text string, kind uint8) {
	tok := w.tmp[:0]
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		cl := classOf(r)
		switch {
		case cl&cRemove != 0: // _clean_text drops it: its neighbours join
		case cl&(cSpace|cPySpace) != 0:
			tok = b.word(w, tok, kind)
		case b.chinese && cl&cCJK != 0:
			tok = b.word(w, tok, kind)
			tok = b.word(w, append(tok, text[i-size:i]...), kind)
		default:
			tok = append(tok, text[i-size:i]...)
		}
	}
	w.tmp = b.word(w, tok, kind)
}

// word handles one white-space-separated token and returns tok emptied.
func (b *basicTokenizer) word(w *words, tok []byte, kind uint8) []byte {
	if len(tok) == 0 {
		return tok
	}
	if b.neverSplit[string(tok)] {
		w.add(tok, kind)
		return tok[:0]
	}
	t := tok
	if b.lower {
		w.tmp2 = lowerBytes(w.tmp2[:0], t)
		t = w.tmp2
	}
	if b.strip {
		w.tmp3 = stripAccents(w.tmp3[:0], t)
		t = w.tmp3
	}
	if len(t) != len(tok) || string(t) != string(tok) {
		if b.neverSplit[string(t)] { // _run_split_on_punc checks again
			w.add(t, kind)
			return tok[:0]
		}
	}
	start := 0
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[i:])
		}
		if classOf(r)&cPunct != 0 {
			if start < i {
				w.add(t[start:i], kind)
			}
			w.add(t[i:i+size], kind)
			start = i + size
		}
		i += size
	}
	if start < len(t) {
		w.add(t[start:], kind)
	}
	return tok[:0]
}

// lowerBytes appends Python's lower() of s to dst.
func lowerBytes(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, pyLower(string(s))...)
		}
	}
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// stripAccents is _run_strip_accents: NFD, then drop every Mn character.
func stripAccents(dst, s []byte) []byte {
	ascii := true
	for _, c := range s {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return append(dst, s...)
	}
	d := norm.NFD.Append(nil, s...)
	for i := 0; i < len(d); {
		r, size := utf8.DecodeRune(d[i:])
		if !unicode.Is(unicode.Mn, r) {
			dst = append(dst, d[i:i+size]...)
		}
		i += size
	}
	return dst
}
