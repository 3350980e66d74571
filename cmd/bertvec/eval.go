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
	register(command{"eval", "accuracy on an analogy questions file (gensim format)", runEval}, help{
		Usage: "--vectors DIR [flags] FILE",
		About: `FILE (- for stdin) is in gensim's questions-words format: ": section" lines,
then "a b c d" lines meaning a : b = c : d (there are no comments: a line
starting with # is a question). The answer is the word nearest b - a + c,
a, b and c excluded. Questions with a word that is not a single vocab
token are skipped and counted; accuracy is over the others, "–" for a
section with none answered. --show-misses N lists wrong answers.

FILE may instead be a BATS directory (such as jBATS): category files of
"word<TAB>answer1/answer2..." lines, any depth; each ordered pair of lines
a : A = a' : ? is a question, right when the answer is any of the second
line's answers, and each file is a section. --kind may list several kinds
(static,dynamic,context,context_L4): one table, sections by kinds.`,
		Examples: []string{
			"bertvec eval --vectors vectors testdata/analogies-ja.txt",
			"bertvec eval --vectors vectors --kind dynamic --method mul --show-misses 10 questions-words.txt",
			"bertvec eval --vectors vectors --kind static,dynamic --json jBATS/",
		},
	})
}

// evalJSON is the --json report; field names are a contract.
type evalJSON struct {
	Kind     string        `json:"kind"`
	Method   string        `json:"method"`
	Sections []sectionJSON `json:"sections"`
	Overall  sectionJSON   `json:"overall"`
	Misses   []missJSON    `json:"misses,omitempty"` // --show-misses
}

// missJSON is one wrong answer: the question's line, a : b = c : expected.
type missJSON struct {
	Section   string `json:"section"`
	Line      int    `json:"line"`
	A         string `json:"a"`
	B         string `json:"b"`
	C         string `json:"c"`
	Expected  string `json:"expected"`
	Predicted string `json:"predicted"`
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
	showMisses := fs.Int("show-misses", 0, "list up to N wrong answers (question, answer given, answer expected)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	m, err := search.ParseObjective(method)
	if err != nil {
		return usagef("--method: %v", err)
	}
	if len(rest) != 1 {
		return usagef("want one questions FILE, got %d arguments", len(rest))
	}
	if *showMisses < 0 {
		return usagef("--show-misses %d: want 0 or more", *showMisses)
	}
	if st, err := os.Stat(rest[0]); strings.Contains(f.kind, ",") || err == nil && st.IsDir() {
		return evalKinds(f, m, rest[0], stdout) // several kinds, or a BATS directory
	}
	s, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	r := stdin
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
	misses := evalMisses(rep, *showMisses)
	if f.json {
		out := evalJSON{Kind: s.Kind().String(), Method: m.String(), Overall: sectionOut(rep.Overall), Misses: misses}
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
		fmt.Fprintf(bw, "%s  %7d  %5d  %8s  %7d\n", table.Pad(sc.Name, nw), sc.Correct, sc.Total, accuracyCell(sc), sc.Skipped)
	}
	printMisses(bw, misses, rep.Overall.Total-rep.Overall.Correct)
	return bw.Flush()
}

func sectionOut(sc search.SectionScore) sectionJSON {
	return sectionJSON{sc, sc.Accuracy()}
}

// accuracyCell is a section's accuracy for the table: "–" when no
// question was answered, since 0% would claim every answer was wrong.
func accuracyCell(sc search.SectionScore) string {
	if sc.Total == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f%%", 100*sc.Accuracy())
}

// evalMisses is the first n wrong answers, in file order.
func evalMisses(rep *search.EvalReport, n int) []missJSON {
	var out []missJSON
	for _, q := range rep.Questions {
		if len(out) == n {
			break
		}
		if !q.Skipped && !q.Correct {
			out = append(out, missJSON{q.Section, q.Line, q.A, q.B, q.C, q.D, q.Predicted})
		}
	}
	return out
}

// printMisses lists misses under the table; wrong is how many there are.
func printMisses(w io.Writer, misses []missJSON, wrong int) {
	if len(misses) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%d of %d wrong answers (line: a : b = c : expected, got):\n", len(misses), wrong)
	for _, m := range misses {
		fmt.Fprintf(w, "  %d: %s : %s = %s : %s, got %s  (%s)\n", m.Line, m.A, m.B, m.C, m.Expected, m.Predicted, m.Section)
	}
}
