package tokenize

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bertvec/bertvec/vocab"
)

// Errors; each wraps into a message naming the file, setting or input.
var (
	// ErrConfig reports a tokenizer file that cannot be read or parsed.
	ErrConfig = errors.New("tokenize: bad tokenizer files")
	// ErrUnsupported reports a tokenizer setting bertvec does not implement.
	ErrUnsupported = errors.New("tokenize: unsupported tokenizer setting")
	// ErrInput reports text that cannot be tokenized (not UTF-8; for
	// MeCab also a NUL byte or too long a piece, see package mecab).
	ErrInput = errors.New("tokenize: bad input")
)

// Token is one piece of the tokenized text.
type Token struct {
	Text string // the vocabulary entry ("##ing"), [UNK], or a special token
	ID   int32
	Word int // index of the word it came from (a special token is a word)
}

// Class names transformers uses.
const (
	classBert     = "BertTokenizer"
	classBertFast = "BertTokenizerFast"
	classJapanese = "BertJapaneseTokenizer"
)

// word kinds: what the subword step does with a word.
const (
	kindPieces uint8 = iota // WordPiece, white space inside splits further
	kindChars               // CharacterTokenizer: NFKC, then one token per character
	kindWhole               // one token: vocab id or [UNK] (special, never_split, no subword step)
)

// words collects one text's words: their bytes in buf, [start, end) pairs
// in spans, their kinds; tmp* are scratch for the word tokenizers.
type words struct {
	buf             []byte
	spans           []int32
	kinds           []uint8
	tmp, tmp2, tmp3 []byte
	seg, pieces     []int32
	cache           *pieceCache // see wordPieces
}

// getWords takes a scratch from the Tokenizer's free list: fewer
// allocations is less garbage collection, and each scratch keeps a
// WordPiece cache. The list is per Tokenizer, since the cache holds this
// vocabulary's ids, and a channel rather than a sync.Pool, which every
// garbage collection empties, caches and all.
func (t *Tokenizer) getWords() *words {
	select {
	case w := <-t.free:
		return w
	default:
		return &words{}
	}
}

// putWords returns w to the pool, unless one huge text grew it.
func (t *Tokenizer) putWords(w *words) {
	if cap(w.buf) > 1<<20 || cap(w.spans) > 1<<18 {
		return
	}
	w.buf, w.spans, w.kinds, w.seg, w.pieces = w.buf[:0], w.spans[:0], w.kinds[:0], w.seg[:0], w.pieces[:0]
	select {
	case t.free <- w:
	default: // enough idle scratches
	}
}

func (w *words) add(b []byte, kind uint8) {
	w.spans = append(w.spans, int32(len(w.buf)))
	w.buf = append(w.buf, b...)
	w.spans = append(w.spans, int32(len(w.buf)))
	w.kinds = append(w.kinds, kind)
}

func (w *words) addString(s string, kind uint8) {
	w.spans = append(w.spans, int32(len(w.buf)))
	w.buf = append(w.buf, s...)
	w.spans = append(w.spans, int32(len(w.buf)))
	w.kinds = append(w.kinds, kind)
}

// special is a no-split token: kept whole wherever it appears in the text.
type special struct {
	text           string
	id             int32
	lstrip, rstrip bool // eats white space on its left / right
}

// Tokenizer turns text into the model's tokens. It is safe for concurrent
// use. Close releases MeCab when the tokenizer uses it.
type Tokenizer struct {
	class    string
	settings string
	voc      *vocab.Vocab
	unk      string
	unkID    int32
	added    map[string]int32 // special tokens the vocabulary lacks
	specials []special        // sorted by text, as transformers' unique_no_split_tokens
	// firstByte marks the bytes a special token starts with, so that the
	// scans for special tokens skip every other byte at once.
	firstByte [256]bool
	lower     bool // PreTrainedTokenizer.tokenize lower-cases outside specials

	wordMode   int // wordBasic, wordMecab, wordWhitespace
	basic      basicTokenizer
	seg        Segmenter
	nfkc       bool            // MecabTokenizer's normalize_text
	neverSplit map[string]bool // for MecabTokenizer's lower-casing
	keepWhole  map[string]bool // BertTokenizer: basic never_split words skip WordPiece
	subword    uint8           // kindPieces, kindChars or kindWhole
	free       chan *words     // idle scratches, see getWords
}

const (
	wordBasic = iota
	wordMecab
	wordWhitespace
)

// Segmenter splits text into words by byte spans; package mecab's Tagger
// is one. It is an interface so that the pure-Go parts of this package
// build and test without cgo.
type Segmenter interface {
	Segment(dst []int32, text string) ([]int32, error)
	Close() error
}

// Option configures Load.
type Option func(*loadOptions)

type loadOptions struct {
	segmenter func(kw MecabKwargs) (Segmenter, error)
	class     string // WithClass
}

// WithSegmenter replaces MeCab by seg for word_tokenizer_type mecab (tests,
// or another MeCab build).
func WithSegmenter(seg func(kw MecabKwargs) (Segmenter, error)) Option {
	return func(o *loadOptions) { o.segmenter = seg }
}

// Load reads the tokenizer of the checkpoint or vectors directory dir:
// vocab.txt, and tokenizer_config.json, special_tokens_map.json and
// config.json when present. No weights are read.
func Load(dir string, opts ...Option) (*Tokenizer, error) {
	o := loadOptions{segmenter: newMecab}
	for _, opt := range opts {
		opt(&o)
	}
	c, err := readConfig(dir, o.class)
	if err != nil {
		return nil, err
	}
	vpath := filepath.Join(dir, VocabFile)
	if _, err := os.Stat(vpath); errors.Is(err, fs.ErrNotExist) {
		for _, alt := range []struct{ file, what string }{
			{fastTokenizerFile, "a tokenizer.json-only (fast tokenizer) model"},
			{"spiece.model", "a sentencepiece model"},
			{"sentencepiece.bpe.model", "a sentencepiece model"},
		} {
			if _, err := os.Stat(filepath.Join(dir, alt.file)); err == nil {
				return nil, fmt.Errorf("%w: %s (%s without %s)", ErrUnsupported, alt.what, alt.file, VocabFile)
			}
		}
	}
	voc, err := vocab.Load(vpath)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	t, err := build(c, voc, o)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return t, nil
}

// valueOr is *p, or def when the setting is absent (p nil).
func valueOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// build applies a Config as the class's constructor does.
func build(c *Config, voc *vocab.Vocab, o loadOptions) (*Tokenizer, error) {
	t := &Tokenizer{class: c.Class, voc: voc, added: map[string]int32{}, free: make(chan *words, runtime.GOMAXPROCS(0))}
	var japanese bool
	switch c.Class {
	case classBert, classBertFast:
	case classJapanese:
		japanese = true
	default:
		return nil, fmt.Errorf("%w: tokenizer_class %q (bertvec reads BertTokenizer and BertJapaneseTokenizer)", ErrUnsupported, c.Class)
	}
	if c.SpmFile != nil && *c.SpmFile != "" {
		return nil, fmt.Errorf("%w: spm_file (sentencepiece)", ErrUnsupported)
	}
	t.lower = valueOr(c.DoLowerCase, !japanese)
	t.initSpecials(c)

	never := map[string]bool{}
	for _, s := range c.NeverSplit {
		never[s] = true
	}
	allNever := map[string]bool{}
	for s := range never {
		allNever[s] = true
	}
	for _, s := range t.specials {
		allNever[s.text] = true
	}
	t.neverSplit = allNever
	var desc []string
	if !japanese {
		t.subword = kindPieces
		if valueOr(c.DoBasicTokenize, true) {
			t.wordMode = wordBasic
			t.basic = basicTokenizer{lower: t.lower, chinese: valueOr(c.TokenizeChineseChars, true), neverSplit: allNever}
			t.basic.strip = valueOr(c.StripAccents, t.lower)
			t.keepWhole = never
			desc = append(desc, fmt.Sprintf("basic(lower=%v, strip_accents=%v, chinese_chars=%v)", t.lower, t.basic.strip, t.basic.chinese))
		} else {
			t.wordMode = wordWhitespace
			desc = append(desc, "whitespace")
		}
		desc = append(desc, "wordpiece")
	} else {
		if err := t.japanese(c, allNever, o, &desc); err != nil {
			return nil, err
		}
	}
	t.settings = c.Class + ": " + strings.Join(desc, " + ")
	return t, nil
}

// initSpecials resolves the special tokens as from_pretrained and
// sanitize_special_tokens do: defaults, then the files' values; a special
// token the vocabulary lacks gets the next id after it.
func (t *Tokenizer) initSpecials(c *Config) {
	def := func(s specialToken, d string) specialToken {
		if s.Content == "" {
			s.Content = d
		}
		return s
	}
	list := []specialToken{c.BOS, c.EOS, def(c.UNK, vocab.UNKToken), def(c.SEP, vocab.SEPToken),
		def(c.PAD, vocab.PADToken), def(c.CLS, vocab.CLSToken), def(c.MASK, vocab.MASKToken)}
	list = append(list, c.Additional...)
	t.unk = def(c.UNK, vocab.UNKToken).Content
	seen := map[string]bool{}
	next := int32(t.voc.Len())
	for _, s := range list {
		if s.Content == "" || seen[s.Content] {
			continue
		}
		seen[s.Content] = true
		id, ok := t.voc.ID(s.Content)
		if !ok {
			id = int(next)
			t.added[s.Content] = next
			next++
		}
		sp := special{text: s.Content, id: int32(id), lstrip: true, rstrip: true}
		if s.Added {
			sp.lstrip, sp.rstrip = s.LStrip, s.RStrip
		}
		t.specials = append(t.specials, sp)
	}
	sort.Slice(t.specials, func(i, j int) bool { return t.specials[i].text < t.specials[j].text })
	for _, sp := range t.specials {
		t.firstByte[sp.text[0]] = true
	}
	t.unkID = t.lookup(t.unk)
}

// lookup is convert_tokens_to_ids for one token: an added special token's
// id, else the vocabulary's, else [UNK]'s.
func (t *Tokenizer) lookup(tok string) int32 {
	if id, ok := t.added[tok]; ok {
		return id
	}
	if id, ok := t.voc.ID(tok); ok {
		return int32(id)
	}
	return t.unkID
}

// Class is the tokenizer class transformers would use.
func (t *Tokenizer) Class() string { return t.class }

// Settings describes the pipeline in one line, for people.
func (t *Tokenizer) Settings() string { return t.settings }

// Vocab is the vocabulary the ids index.
func (t *Tokenizer) Vocab() *vocab.Vocab { return t.voc }

// Close releases MeCab, if the tokenizer uses it.
func (t *Tokenizer) Close() error {
	if t.seg != nil {
		return t.seg.Close()
	}
	return nil
}

// Tokenize splits text as the checkpoint's transformers tokenizer does,
// without [CLS] and [SEP].
func (t *Tokenizer) Tokenize(text string) ([]Token, error) {
	toks, _, err := t.tokenize(text, false)
	return toks, err
}

// TokenizeWords is Tokenize that also returns the words, as the word
// tokenizer made them (normalised, lower-cased): Token.Word indexes them.
func (t *Tokenizer) TokenizeWords(text string) ([]Token, []string, error) {
	return t.tokenize(text, true)
}

func (t *Tokenizer) tokenize(text string, wantWords bool) ([]Token, []string, error) {
	if !utf8.ValidString(text) {
		i := 0
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return nil, nil, fmt.Errorf("%w: not UTF-8 at byte %d", ErrInput, i)
	}
	if t.lower {
		text = t.lowerOutsideSpecials(text)
	}
	w := t.getWords()
	defer t.putWords(w)
	if !t.hasSpecial(text) { // most texts: no chunk list to build
		if err := t.splitWords(w, text); err != nil {
			return nil, nil, err
		}
	} else {
		for _, ch := range t.splitSpecials(text) {
			if ch.special {
				w.addString(ch.text, kindWhole)
				continue
			}
			if err := t.splitWords(w, ch.text); err != nil {
				return nil, nil, err
			}
		}
	}
	all := string(w.buf) // one allocation: every word and raw token shares it
	toks := t.subwords(w, all)
	if !wantWords {
		return toks, nil, nil
	}
	ws := make([]string, len(w.kinds))
	for k := range ws {
		ws[k] = all[w.spans[2*k]:w.spans[2*k+1]]
	}
	return toks, ws, nil
}
