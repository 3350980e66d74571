package vocab

import (
	"fmt"
	"strings"
	"unicode"
)

// MaxWordRunes is the longest word WordPiece splits; longer words are
// [UNK], as in HF (max_input_chars_per_word).
const MaxWordRunes = 100

// WordPiece splits one word into ids, greedy longest match first, with "##"
// marking pieces that continue a word. A word that cannot be covered by
// vocab pieces (or is longer than MaxWordRunes) is an error wrapping
// ErrUnknown, since its only split would be [UNK]. A word that is empty or
// contains white space is an error wrapping ErrBadWord.
func (v *Vocab) WordPiece(word string) ([]int, error) {
	if word == "" || strings.ContainsFunc(word, isSpace) {
		return nil, fmt.Errorf("%w: %q", ErrBadWord, word)
	}
	toks, err := v.wp.Tokenize(word)
	if err != nil { // only when [UNK] is missing, which Read rules out
		return nil, fmt.Errorf("vocab: wordpiece %q: %w", word, err)
	}
	ids := make([]int, len(toks))
	for i, t := range toks {
		if t.Id == v.specials.UNK {
			return nil, fmt.Errorf("%w: %q", ErrUnknown, word)
		}
		ids[i] = t.Id
	}
	return ids, nil
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }
