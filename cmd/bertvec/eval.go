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
	register(command{"eval", "analogy accuracy on a questions file (gensim) or a BATS directory, per kind", runEval}, help{
		Usage: "--vectors DIR [flags] FILE",
		About: `FILE (- for stdin) is in gensim's questions-words format: ": section" lines,
then "a b c d" lines meaning a : b = c : d (there are no comments: a line
starting with # is a question). The answer is the word nearest b - a + c,
a, b and c excluded. Questions with a word that is not a single vocab
token are skipped and counted; accuracy is over the others, "–" for a
section with none answered. --show-misses N lists wrong answers.

--oov pieces answers those questions too, in both formats: a, b or c not
a vocab token stands for what the model's tokenizer makes of it, as in
analogy: one token, which is excluded from the answers like any query
word, or the mean of several, which excludes none of them (a piece may be
the answer). An expected answer must still be one token, and a word with
[UNK] still skips. The "pieces" column (JSON "pieces") counts the
questions answered only thanks to it.

FILE may instead be a BATS directory (such as jBATS): category files of
"word<TAB>answer1/answer2..." lines, any depth; each ordered pair of lines
a : A = a' : ? is a question, right when the answer is any of the second
line's answers, and each file is a section. --kind may list several kinds
(static,dynamic,context,context_L4): one table, sections by kinds.`,
		Examples: []string{
			"bertvec eval --vectors vectors testdata/analogies-ja.txt",
			"bertvec eval --vectors vectors --kind dynamic --method mul --oov pieces --show-misses 10 questions-words.txt",
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
	// Pieces is SectionScore.Pieces, written only under --oov pieces so
	// that the default report keeps its fields.
	Pieces *int `json:"pieces,omitempty"`
}

// evalOpts are the flags that change how questions are answered.
type evalOpts struct {
	m   search.Objective
	oov search.OOV
}

func (o evalOpts) options() []search.EvalOption { return []search.EvalOption{search.WithOOV(o.oov)} }

// pieces says whether the report has a pieces count.
func (o evalOpts) pieces() bool { return o.oov == search.PiecesOOV }

func runEval(args []string, stdout, stderr io.Writer) error {
	var f vectorsFlags
	var method string
	fs := newFlagSet("eval", stderr)
	f.add(fs)
	fs.StringVar(&method, "method", "add", "add (3CosAdd, gensim most_similar) or mul (3CosMul, gensim most_similar_cosmul)")
	showMisses := fs.Int("show-misses", 0, "list up to N wrong answers (question, answer given, answer expected)")
	oov := fs.String("oov", "skip", "a question word that is not a vocab token: skip the question (as gensim), or pieces (the mean of its tokens, as analogy)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	m, err := search.ParseObjective(method)
	if err != nil {
		return usagef("--method: %v", err)
	}
	o := evalOpts{m: m}
	if o.oov, err = search.ParseOOV(*oov); err != nil {
		return usagef("--oov: %v", err)
	}
	if len(rest) != 1 {
		return usagef("want one questions FILE, got %d arguments", len(rest))
	}
	if *showMisses < 0 {
		return usagef("--show-misses %d: want 0 or more", *showMisses)
	}
	if st, err := os.Stat(rest[0]); strings.Contains(f.kind, ",") || err == nil && st.IsDir() {
		return evalKinds(f, o, rest[0], stdout) // several kinds, or a BATS directory
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
	rep, err := s.Eval(r, m, o.options()...)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	misses := evalMisses(rep, *showMisses)
	if f.json {
		out := evalJSON{Kind: s.Kind().String(), Method: m.String(), Overall: sectionOut(rep.Overall, o), Misses: misses}
		for _, sc := range rep.Sections {
			out.Sections = append(out.Sections, sectionOut(sc, o))
		}
		return writeJSONLine(stdout, out)
	}
	nw := len("section")
	for _, sc := range rep.Sections {
		nw = max(nw, table.Width(sc.Name))
	}
	bw := bufio.NewWriter(stdout)
	fmt.Fprintf(bw, "kind %s, method %s\n", s.Kind(), m)
	fmt.Fprintf(bw, "%s  %7s  %5s  %8s  %7s%s\n", table.Pad("section", nw), "correct", "total", "accuracy", "skipped", piecesCell(o, "pieces"))
	for _, sc := range append(rep.Sections, rep.Overall) {
		fmt.Fprintf(bw, "%s  %7d  %5d  %8s  %7d%s\n", table.Pad(sc.Name, nw), sc.Correct, sc.Total, accuracyCell(sc), sc.Skipped, piecesCell(o, sc.Pieces))
	}
	printMisses(bw, misses, rep.Overall.Total-rep.Overall.Correct)
	return bw.Flush()
}

func sectionOut(sc search.SectionScore, o evalOpts) sectionJSON {
	out := sectionJSON{SectionScore: sc, Accuracy: sc.Accuracy()}
	if o.pieces() {
		out.Pieces = &sc.Pieces
	}
	return out
}

// piecesCell is the table's pieces column: v right-aligned under
// "pieces", or nothing without --oov pieces.
func piecesCell(o evalOpts, v any) string {
	if !o.pieces() {
		return ""
	}
	return fmt.Sprintf("  %6v", v)
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
