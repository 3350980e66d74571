package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bertvec/bertvec/internal/table"
	"github.com/bertvec/bertvec/search"
)

func init() {
	register(command{"eval", "accuracy on an analogy questions file (gensim format)", runEval})
}

// evalJSON is the --json report; field names are a contract.
type evalJSON struct {
	Kind     string        `json:"kind"`
	Method   string        `json:"method"`
	Sections []sectionJSON `json:"sections"`
	Overall  sectionJSON   `json:"overall"`
}

type sectionJSON struct {
	search.SectionScore
	Accuracy float64 `json:"accuracy"`
}

func runEval(args []string, stdout, stderr io.Writer) error {
	var f vectorsFlags
	var method string
	fs := newFlagSet("eval", stderr)
	f.add(fs)
	fs.StringVar(&method, "method", "add", "add (3CosAdd, gensim most_similar) or mul (3CosMul, gensim most_similar_cosmul)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: bertvec eval --vectors DIR [flags] FILE

FILE (- for stdin) is in gensim's questions-words format: ": section" lines,
then "a b c d" lines meaning a : b = c : d. The answer is the word nearest
b - a + c, a, b and c excluded. Questions with a word that is not a single
vocab token are skipped and counted; accuracy is over the others.

FILE may instead be a BATS directory (such as jBATS): category files of
"word<TAB>answer1/answer2..." lines, any depth; each ordered pair of lines
a : A = a' : ? is a question, right when the answer is any of the second
line's answers, and each file is a section. --kind may list several kinds
(static,dynamic,context,context_L4): one table, sections by kinds.

flags:`)
		fs.PrintDefaults()
	}
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	m, err := search.ParseMethod(method)
	if err != nil {
		return usagef("--method: %v", err)
	}
	if len(rest) != 1 {
		return usagef("want one questions FILE, got %d arguments", len(rest))
	}
	if st, err := os.Stat(rest[0]); strings.Contains(f.kind, ",") || err == nil && st.IsDir() {
		return evalKinds(f, m, rest[0], stdout) // several kinds, or a BATS directory
	}
	s, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	var r io.Reader = os.Stdin
	if rest[0] != "-" {
		fh, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer fh.Close()
		r = fh
	}
	rep, err := s.Eval(r, m)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	if f.json {
		out := evalJSON{Kind: s.Kind().String(), Method: m.String(), Overall: sectionOut(rep.Overall)}
		for _, sc := range rep.Sections {
			out.Sections = append(out.Sections, sectionOut(sc))
		}
		return writeJSONLine(stdout, out)
	}
	nw := len("section")
	for _, sc := range rep.Sections {
		nw = max(nw, table.Width(sc.Name))
	}
	bw := bufio.NewWriter(stdout)
	fmt.Fprintf(bw, "kind %s, method %s\n", s.Kind(), m)
	fmt.Fprintf(bw, "%s  %7s  %5s  %8s  %7s\n", table.Pad("section", nw), "correct", "total", "accuracy", "skipped")
	for _, sc := range append(rep.Sections, rep.Overall) {
		fmt.Fprintf(bw, "%s  %7d  %5d  %7.2f%%  %7d\n", table.Pad(sc.Name, nw), sc.Correct, sc.Total, 100*sc.Accuracy(), sc.Skipped)
	}
	return bw.Flush()
}

func sectionOut(sc search.SectionScore) sectionJSON {
	return sectionJSON{sc, sc.Accuracy()}
}
