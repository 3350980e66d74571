package tokenize

import (
	"fmt"
	"slices"
	"testing"
)

// TestPieceCache: words that share a set, looked up in every order,
// including [UNK] words and words of more pieces than an entry keeps,
// always get what vocab.Pieces says.
func TestPieceCache(t *testing.T) {
	tk, _ := load(t, "ja-basic-wordpiece.jsonl") // its vocabulary, and no MeCab needed
	bySet := map[uint32][]string{}
	for i := 0; len(bySet) < 200 || i < 20000; i++ {
		word := fmt.Sprintf("猫%dは", i)
		switch i % 7 {
		case 3:
			word = fmt.Sprintf("ab%dcd%def%d", i, i, i) // many pieces
		case 5:
			word = fmt.Sprintf("\U0001F600%d", i) // [UNK]
		}
		h := uint32(2166136261)
		for k := 0; k < len(word); k++ {
			h = (h ^ uint32(word[k])) * 16777619
		}
		s := h & (cacheSets - 1)
		if len(bySet[s]) < 4 {
			bySet[s] = append(bySet[s], word)
		}
		if i > 1e6 {
			break
		}
	}
	w := &words{}
	kinds := map[string]bool{}
	for _, group := range bySet {
		if len(group) < 3 {
			continue
		}
		for _, order := range []int{0, 1, 2, 0, 0, 2, 1, 1, 3, 0, 3, 2} {
			word := group[order%len(group)]
			want, wantOK := tk.voc.Pieces(nil, word)
			got, ok := tk.cachedPieces(w, word)
			if ok != wantOK || !slices.Equal(got, want) {
				t.Fatalf("%q: %v %v, want %v %v", word, got, ok, want, wantOK)
			}
			kinds[fmt.Sprint(ok, len(got) > 8)] = true
		}
	}
	if len(kinds) < 3 {
		t.Fatalf("only %v kinds of words seen", kinds)
	}
}
