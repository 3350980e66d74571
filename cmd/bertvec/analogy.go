package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

func init() {
	register(command{"analogy", "nearest neighbours of a word expression such as \"王 - 男 + 女\"", runAnalogy}, help{
		Usage: `--vectors DIR [flags] "王 - 男 + 女"`,
		About: `Sums the words' vectors with their signs and prints the k nearest vectors,
ranked as faiss IndexFlatL2 ranks them (or by cosine, as gensim). Words
are joined by + and - (full-width ＋ － and − also work); a word that is
not a vocab token stands for the mean of the tokens the model's tokenizer
makes of it (a note on stderr shows them). The expression may be one argument or several; put
-- before one that starts with a sign ("-- -男 + 女").
With --queries, each line of the file is an expression, answered as JSON
Lines as soon as it is read, in batches; blank lines and lines starting
with "#" (but not "##", a WordPiece piece) are skipped, a failed line gets
{"query", "error"}, and the exit status is 1 if any line failed.`,
		Examples: []string{
			`bertvec analogy --vectors vectors "王 - 男 + 女"`,
			`bertvec analogy --vectors vectors --kind dynamic --metric cosine --exclude-query --exclude-special -k 5 "王 - 男 + 女"`,
			`bertvec analogy --vectors vectors --queries questions.txt > answers.jsonl`,
		},
	})
}

// vectorsFlags are the flags every search command shares.
type vectorsFlags struct {
	dir, kind string
	json      bool
}

func (v *vectorsFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&v.dir, "vectors", "", "vectors directory written by bertvec extract (required)")
	fs.StringVar(&v.kind, "kind", "static", "vectors to use: static (input embeddings) or dynamic ([CLS] w [SEP] output)")
	fs.BoolVar(&v.json, "json", false, "print JSON (one object per line) instead of a table")
}

// open checks the shared flags and opens the store.
func (v *vectorsFlags) open() (*search.Store, error) {
	if v.dir == "" {
		return nil, usagef("--vectors is required")
	}
	kind, err := vecdir.ParseKind(v.kind)
	if err != nil {
		return nil, usagef("--kind: %v", err)
	}
	s, err := search.Open(v.dir, kind)
	return s, kindHint(err)
}

// openWords opens the store for a command whose arguments are WORDs,
// after checking that there is at least one.
func (v *vectorsFlags) openWords(words []string) (*search.Store, error) {
	if len(words) == 0 {
		return nil, usagef("missing WORD")
	}
	return v.open()
}

// searchFlags adds the neighbour-search flags to vectorsFlags.
type searchFlags struct {
	vectorsFlags
	k              int
	metric         string
	excludeQuery   bool
	excludeSpecial bool
}

func (f *searchFlags) add(fs *flag.FlagSet) {
	f.vectorsFlags.add(fs)
	fs.IntVar(&f.k, "k", 10, "number of neighbours, 1..V")
	fs.StringVar(&f.metric, "metric", "l2", "l2 (squared distance, as faiss IndexFlatL2) or cosine (as gensim)")
	fs.BoolVar(&f.excludeQuery, "exclude-query", false, "leave the query words out of the results")
	fs.BoolVar(&f.excludeSpecial, "exclude-special", false, "leave [PAD] [UNK] [CLS] [SEP] [MASK] and [unusedN] out of the results")
}

func (f *searchFlags) options() (search.Options, error) {
	if f.k <= 0 {
		return search.Options{}, usagef("-k %d: want 1 or more", f.k)
	}
	m, err := search.ParseMetric(f.metric)
	if err != nil {
		return search.Options{}, usagef("--metric: %v", err)
	}
	return search.Options{K: f.k, Metric: m, ExcludeQuery: f.excludeQuery, ExcludeSpecial: f.excludeSpecial}, nil
}

func runAnalogy(args []string, stdout, stderr io.Writer) error {
	var f searchFlags
	var queries string
	fs := newFlagSet("analogy", stderr)
	f.add(fs)
	fs.StringVar(&queries, "queries", "", "file of expressions, one per line (- for stdin); answers are JSON Lines")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	opt, err := f.options()
	if err != nil {
		return err
	}
	if queries != "" {
		if len(rest) > 0 {
			return usagef("give either --queries or an expression, not both")
		}
		s, err := f.open()
		if err != nil {
			return err
		}
		defer s.Close()
		return analogyFile(s, queries, opt, stdout, stderr)
	}
	if len(rest) == 0 {
		return usagef(`missing expression, e.g. bertvec analogy --vectors DIR "王 - 男 + 女"`)
	}
	text := strings.Join(rest, " ")
	expr, err := search.ParseExpression(text)
	if err != nil {
		return usagef("%v", err)
	}
	s, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	ans, err := s.Analogy(expr, opt)
	if err != nil {
		return searchHint(err)
	}
	printNotes(stderr, ans.Notes)
	if f.json {
		return writeJSONLine(stdout, search.NewQueryAnswer(text, s.Kind(), opt.Metric, ans))
	}
	fmt.Fprintf(stdout, "%s  (kind %s, metric %s)\n", ans.Expression, s.Kind(), opt.Metric)
	return writeResults(stdout, ans.Results)
}

func printNotes(stderr io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
