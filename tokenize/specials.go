package tokenize

import (
	"strings"
	"unicode/utf8"
)

// lowerOutsideSpecials is PreTrainedTokenizer.tokenize's lower-casing:
// the regex (special|…)|(.+?) lower-cases the text one character at a
// time (so no final-sigma context) and leaves special tokens as written;
// at each position the first special in sorted order that matches wins.
func (t *Tokenizer) lowerOutsideSpecials(s string) string {
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		c := s[i]
		if t.firstByte[c] {
			if sp := t.specialAt(s, i, true); sp != nil {
				b = append(b, sp.text...)
				i += len(sp.text)
				continue
			}
		}
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0x3A3 { // Σ alone is not final
			b = utf8.AppendRune(b, 0x3C3)
		} else {
			b = lowerRuneTo(b, r)
		}
		i += n
	}
	return string(b)
}

// hasSpecial reports whether a special token may start somewhere in s.
func (t *Tokenizer) hasSpecial(s string) bool {
	for i := 0; i < len(s); i++ {
		if t.firstByte[s[i]] && t.specialAt(s, i, false) != nil {
			return true
		}
	}
	return false
}

// specialAt returns the special token at s[i:], the first in sorted order
// when first is set, else the longest (the Trie's choice).
func (t *Tokenizer) specialAt(s string, i int, first bool) *special {
	var best *special
	for k := range t.specials {
		sp := &t.specials[k]
		if strings.HasPrefix(s[i:], sp.text) {
			if first {
				return sp
			}
			if best == nil || len(sp.text) > len(best.text) {
				best = sp
			}
		}
	}
	return best
}

type chunk struct {
	text    string
	special bool
}

// splitSpecials cuts text at its special tokens, leftmost first and the
// longest at a position (transformers' Trie.split), then strips the white
// space a special token eats on each side; empty pieces are dropped.
func (t *Tokenizer) splitSpecials(text string) []chunk {
	var cs []chunk
	var sps []*special
	start := 0
	for i := 0; i < len(text); {
		if !t.firstByte[text[i]] {
			i++
			continue
		}
		sp := t.specialAt(text, i, false)
		if sp == nil {
			i++
			continue
		}
		cs = append(cs, chunk{text: text[start:i]}, chunk{text: sp.text, special: true})
		sps = append(sps, nil, sp)
		i += len(sp.text)
		start = i
	}
	cs = append(cs, chunk{text: text[start:]})
	sps = append(sps, nil)
	for k := range cs {
		sp := sps[k]
		if sp == nil {
			continue
		}
		if sp.rstrip && k+1 < len(cs) && !cs[k+1].special {
			cs[k+1].text = strings.TrimLeftFunc(cs[k+1].text, isPySpace)
		}
		if sp.lstrip && k > 0 && !cs[k-1].special {
			cs[k-1].text = strings.TrimRightFunc(cs[k-1].text, isPySpace)
		}
	}
	out := cs[:0]
	for _, c := range cs {
		if c.text != "" {
			out = append(out, c)
		}
	}
	return out
}
