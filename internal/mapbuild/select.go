package mapbuild

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/bertvec/bertvec/vocab"
)

// SelectBy says how a Selection names its tokens.
type SelectBy int

const (
	ByFirst   SelectBy = iota + 1 // ids 0..First-1
	ByWords                       // the tokens listed in Words
	ByIDFile                      // the ids listed in the file IDFile
	ByDefault                     // ids 0..DefaultFirst-1, or all of a smaller vocabulary
)

// DefaultFirst is how many ids a map shows when none are chosen: the
// first 3,000, as in the article the map reproduces.
const DefaultFirst = 3000

// Selection is the set of tokens to map (the --first, --words or --ids
// flag); By says which field counts.
type Selection struct {
	By     SelectBy
	First  int    // ByFirst: how many ids, from 0
	Words  string // ByWords: comma-separated tokens
	IDFile string // ByIDFile: path of a file ParseIDList reads
}

// IDs resolves the selection to vocabulary ids, in the order given,
// without repeats.
func (s Selection) IDs(voc *vocab.Vocab) ([]int, error) {
	switch s.By {
	case ByFirst:
		if s.First > voc.Len() {
			return nil, &OptionError{Option: "first", Value: fmt.Sprint(s.First), Request: true,
				Msg: fmt.Sprintf("is more than the %d tokens in vocab.txt", voc.Len())}
		}
		return firstIDs(s.First), nil
	case ByDefault:
		return firstIDs(min(DefaultFirst, voc.Len())), nil
	case ByWords:
		return wordIDs(s.Words, voc)
	case ByIDFile:
		file, err := os.Open(s.IDFile)
		if err != nil {
			return nil, &OptionError{Option: "ids", Err: err}
		}
		defer file.Close()
		return ParseIDList(file, s.IDFile, voc.Len())
	}
	return nil, fmt.Errorf("mapbuild: selection by %d: want ByFirst, ByWords or ByIDFile", s.By)
}

func firstIDs(n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i
	}
	return ids
}

// wordIDs looks up comma-separated tokens, reporting every unknown one.
func wordIDs(list string, voc *vocab.Vocab) ([]int, error) {
	var ids []int
	var unknown []string
	seen := map[int]bool{}
	for _, w := range strings.Split(list, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		id, ok := voc.ID(w)
		if !ok {
			unknown = append(unknown, strconv.Quote(w))
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(unknown) > 0 {
		return nil, &OptionError{Option: "words", Request: true, Err: fmt.Errorf("not in vocab.txt: %s", strings.Join(unknown, ", "))}
	}
	return ids, nil
}

// ParseIDList reads ids separated by whitespace or commas; "#" starts a
// comment. Every id must be below size; repeats are dropped. name (the
// file's path) prefixes errors, with the line number.
func ParseIDList(r io.Reader, name string, size int) ([]int, error) {
	var ids []int
	seen := map[int]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		for _, field := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			id, err := strconv.Atoi(field)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %q is not an id", name, line, field)
			}
			if id < 0 || id >= size {
				return nil, fmt.Errorf("%s:%d: id %d is outside the vocabulary (0..%d)", name, line, id, size-1)
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no ids", name)
	}
	return ids, nil
}
