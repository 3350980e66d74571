package vocab

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/bertvec/bertvec/internal/regfile"
)

var (
	// ErrEmpty reports a vocab.txt without a single line.
	ErrEmpty = errors.New("vocab: empty vocabulary")
	// ErrFormat reports a vocab.txt that is not UTF-8 text or has an
	// absurdly long line.
	ErrFormat = errors.New("vocab: malformed vocab.txt")
	// ErrMissingSpecial reports that [UNK], [CLS] or [SEP] is not in the vocab.
	ErrMissingSpecial = errors.New("vocab: missing special token")
	// ErrUnknown reports a word that WordPiece can only map to [UNK].
	ErrUnknown = errors.New("vocab: unknown word")
	// ErrBadWord reports an input that is not exactly one word.
	ErrBadWord = errors.New("vocab: not a single word")
)

// maxLine bounds one vocab line; real tokens are a few dozen bytes, so a
// longer line means the file is not a vocab.txt.
const maxLine = 1 << 20

// Special token names, as BERT vocabularies spell them.
const (
	PADToken  = "[PAD]"
	UNKToken  = "[UNK]"
	CLSToken  = "[CLS]"
	SEPToken  = "[SEP]"
	MASKToken = "[MASK]"
)

// Specials holds the ids of the special tokens; PAD and MASK are -1 when
// the vocab lacks them.
type Specials struct {
	PAD, UNK, CLS, SEP, MASK int
}

// Vocab is a BERT vocabulary: a list of tokens whose index is the id.
type Vocab struct {
	tokens   []string
	ids      map[string]int // token -> id, last line wins (HF's load_vocab)
	specials Specials
	// head and tail are WordPiece's tries: every entry, and the
	// continuation entries without their "##".
	head, tail *trie
}

// Load reads a vocab.txt file.
func Load(path string) (*Vocab, error) {
	f, err := regfile.Open(path) // a named pipe or a device is refused
	if err != nil {
		return nil, fmt.Errorf("vocab: %w", err)
	}
	defer f.Close()
	lr := &io.LimitedReader{R: f, N: MaxFileSize + 1}
	v, err := Read(lr)
	if err == nil && lr.N == 0 {
		err = fmt.Errorf("%w: more than %d bytes", ErrFormat, MaxFileSize)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// MaxFileSize bounds vocab.txt: the largest real vocabularies (250k
// tokens) take a few MB.
const MaxFileSize = 64 << 20

// Read reads a vocabulary in vocab.txt format from r.
func Read(r io.Reader) (*Vocab, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	v := &Vocab{ids: make(map[string]int)}
	for sc.Scan() {
		line := sc.Text() // ScanLines drops "\n" and one "\r" before it
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%w: line %d is not UTF-8", ErrFormat, len(v.tokens)+1)
		}
		v.ids[line] = len(v.tokens)
		v.tokens = append(v.tokens, line)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%w: line %d is longer than %d bytes", ErrFormat, len(v.tokens)+1, maxLine)
		}
		return nil, fmt.Errorf("vocab: %w", err)
	}
	if len(v.tokens) == 0 {
		return nil, ErrEmpty
	}
	if err := v.findSpecials(); err != nil {
		return nil, err
	}
	v.indexPieces()
	return v, nil
}

// indexPieces builds WordPiece's tries.
func (v *Vocab) indexPieces() {
	cont := make(map[string]int)
	for tok, id := range v.ids {
		if rest, ok := strings.CutPrefix(tok, ContinuationPrefix); ok {
			cont[rest] = id
		}
	}
	v.head, v.tail = buildTrie(v.ids), buildTrie(cont)
}

func (v *Vocab) findSpecials() error {
	id := func(tok string) int {
		if i, ok := v.ids[tok]; ok {
			return i
		}
		return -1
	}
	v.specials = Specials{PAD: id(PADToken), UNK: id(UNKToken), CLS: id(CLSToken), SEP: id(SEPToken), MASK: id(MASKToken)}
	for _, s := range []struct {
		name string
		id   int
	}{{UNKToken, v.specials.UNK}, {CLSToken, v.specials.CLS}, {SEPToken, v.specials.SEP}} {
		if s.id < 0 {
			return fmt.Errorf("%w: %s not found in %d tokens", ErrMissingSpecial, s.name, len(v.tokens))
		}
	}
	return nil
}

// Len is the number of lines, which is the number of ids.
func (v *Vocab) Len() int { return len(v.tokens) }

// Token returns the token with the given id, or "" when id is out of range.
func (v *Vocab) Token(id int) string {
	if id < 0 || id >= len(v.tokens) {
		return ""
	}
	return v.tokens[id]
}

// ID returns the id of tok; for a token on several lines, the last line's.
func (v *Vocab) ID(tok string) (int, bool) {
	id, ok := v.ids[tok]
	return id, ok
}

// Tokens returns the tokens in id order. The slice is shared; do not modify it.
func (v *Vocab) Tokens() []string { return v.tokens }

// Specials returns the ids of the special tokens.
func (v *Vocab) Specials() Specials { return v.specials }
