package tokenize

// pieceCache remembers the WordPiece split of recent short words, two-way
// set associative by hash, least recently used out: text repeats its
// words, and one cache line read beats a lookup in the vocabulary's map
// and trie, whose memory is mostly out of the CPU's cache between MeCab
// calls (a miss costs about 1 µs there). 8,192 entries, 512 KiB per
// scratch: Botchan has 6,400 distinct words in 69,000, and in the
// benchmark's repeated passes this misses on 4% of words where the
// earlier direct-mapped 4,096 entries missed on 12%.
type pieceCache struct{ set [cacheSets][2]cacheEntry }

const cacheSets = 1 << 12

// cacheEntry holds a word of up to 30 bytes (10 kana or kanji) inline and
// up to 8 ids; n is the number of ids, or unkEntry for a word that is
// [UNK], or 0 for an empty entry. It is 64 bytes, one cache line: the
// table is page aligned, so a lookup reads one or two lines (a set).
type cacheEntry struct {
	klen uint8
	n    uint8
	key  [30]byte
	ids  [8]int32
}

const unkEntry = 0xFF

func (e *cacheEntry) holds(word string) bool {
	return int(e.klen) == len(word) && e.n != 0 && string(e.key[:e.klen]) == word
}

func (e *cacheEntry) result() ([]int32, bool) {
	if e.n == unkEntry {
		return nil, false
	}
	return e.ids[:e.n], true
}

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
	set := &w.cache.set[h&(cacheSets-1)]
	if set[0].holds(word) {
		return set[0].result()
	}
	if set[1].holds(word) { // now the most recent: to the front
		set[0], set[1] = set[1], set[0]
		return set[0].result()
	}
	var ok bool
	w.pieces, ok = t.voc.Pieces(w.pieces[:0], word)
	if ok && len(w.pieces) > len(set[0].ids) {
		return w.pieces, true // too many pieces to keep
	}
	set[1] = set[0]
	e := &set[0]
	e.n = unkEntry
	if ok {
		e.n = uint8(copy(e.ids[:], w.pieces))
	}
	e.klen = uint8(copy(e.key[:], word))
	return w.pieces, ok
}
