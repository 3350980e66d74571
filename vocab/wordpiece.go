package vocab

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxWordRunes is the longest word WordPiece splits; longer words are
// [UNK], as in HF (max_input_chars_per_word).
const MaxWordRunes = 100

// ContinuationPrefix marks a piece that continues a word.
const ContinuationPrefix = "##"

// WordPiece splits one word into ids, greedy longest match first, with "##"
// marking pieces that continue a word. A word that cannot be covered by
// vocab pieces (or is longer than MaxWordRunes, or is "[UNK]") is an
// error wrapping ErrUnknown, since its only split would be [UNK]. A word that is empty or
// contains white space is an error wrapping ErrBadWord.
func (v *Vocab) WordPiece(word string) ([]int, error) {
	if word == "" || strings.ContainsFunc(word, unicode.IsSpace) {
		return nil, fmt.Errorf("%w: %q", ErrBadWord, word)
	}
	pieces, ok := v.Pieces(nil, word)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknown, word)
	}
	ids := make([]int, len(pieces))
	for i, id := range pieces {
		if int(id) == v.specials.UNK { // the word "[UNK]" itself
			return nil, fmt.Errorf("%w: %q", ErrUnknown, word)
		}
		ids[i] = int(id)
	}
	return ids, nil
}

// Pieces appends word's WordPiece ids to dst, as HF's WordpieceTokenizer
// splits one white-space-free token: from the left, the longest vocab
// entry that matches ("##" + rest after the first piece). ok is false, and
// dst unchanged, when the word is [UNK]: a position no entry matches, or
// more than MaxWordRunes runes. It allocates nothing but dst's growth.
func (v *Vocab) Pieces(dst []int32, word string) (_ []int32, ok bool) {
	if len(word) > MaxWordRunes && utf8.RuneCountInString(word) > MaxWordRunes {
		return dst, false
	}
	if id, hit := v.ids[word]; hit { // most words are one entry: one hash, no walk
		return append(dst, int32(id)), true
	}
	mark := len(dst)
	for start := 0; start < len(word); {
		t := v.head
		if start > 0 {
			t = v.tail
		}
		id, n := t.longest(word[start:])
		if n == 0 {
			return dst[:mark], false
		}
		dst = append(dst, id)
		start += n
	}
	return dst, true
}
