package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bertvec/bertvec/internal/table"
	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// maxQuestionsFile bounds a questions file read once for several kinds
// (Google's questions-words.txt is 600 KB).
const maxQuestionsFile = 64 << 20

// evalSource is what eval answers: a BATS directory, or a questions-words
// file read once so that every kind answers the same questions.
type evalSource struct {
	cats  []search.BATSCategory
	words []byte
}

func readEvalSource(path string) (*evalSource, error) {
	if path != "-" {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			cats, err := search.ReadBATS(path)
			if err != nil {
				return nil, err
			}
			return &evalSource{cats: cats}, nil
		}
	}
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxQuestionsFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxQuestionsFile {
		return nil, fmt.Errorf("%s: %w: more than %d MiB", path, search.ErrEval, maxQuestionsFile>>20)
	}
	return &evalSource{words: b}, nil
}

func (src *evalSource) eval(s *search.Store, o evalOpts) (*search.EvalReport, error) {
	if src.cats != nil {
		return s.EvalBATS(src.cats, o.m, o.options()...)
	}
	return s.Eval(bytes.NewReader(src.words), o.m, o.options()...)
}

// evalKinds answers FILE or a BATS directory for each of --kind's
// comma-separated kinds and prints one table, sections as rows and kinds
// as columns, or one JSON object per kind.
func evalKinds(f vectorsFlags, o evalOpts, path string, stdout io.Writer) error {
	if f.dir == "" {
		return usagef("--vectors is required")
	}
	var kinds []vecdir.Kind
	for _, name := range strings.Split(f.kind, ",") {
		k, err := vecdir.ParseKind(strings.TrimSpace(name))
		if err != nil {
			return usagef("--kind: %v", err)
		}
		kinds = append(kinds, k)
	}
	src, err := readEvalSource(path)
	if err != nil {
		return err
	}
	reps := make([]*search.EvalReport, len(kinds))
	for i, k := range kinds {
		s, err := search.Open(f.dir, k)
		if err != nil {
			return err
		}
		reps[i], err = src.eval(s, o)
		s.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if f.json {
		for i, rep := range reps {
			out := evalJSON{Kind: kinds[i].String(), Method: o.m.String(), Overall: sectionOut(rep.Overall, o)}
			for _, sc := range rep.Sections {
				out.Sections = append(out.Sections, sectionOut(sc, o))
			}
			if err := writeJSONLine(stdout, out); err != nil {
				return err
			}
		}
		return nil
	}
	return printKindsTable(stdout, o, kinds, reps)
}

// printKindsTable prints accuracy per section and kind. Which questions
// are skipped (or answered by pieces) depends on the vocabulary and
// tokenizer only, the same for every kind of one directory, so answered,
// skipped and pieces are printed once.
func printKindsTable(w io.Writer, o evalOpts, kinds []vecdir.Kind, reps []*search.EvalReport) error {
	nw := len("section")
	for _, sc := range reps[0].Sections {
		nw = max(nw, table.Width(sc.Name))
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "accuracy by kind, method %s\n", o.m)
	fmt.Fprintf(bw, "%s  %8s  %7s%s", table.Pad("section", nw), "answered", "skipped", piecesCell(o, "pieces"))
	cw := make([]int, len(kinds))
	for i, k := range kinds {
		cw[i] = max(7, len(k.String()))
		fmt.Fprintf(bw, "  %*s", cw[i], k)
	}
	fmt.Fprintln(bw)
	rows := len(reps[0].Sections)
	for r := 0; r <= rows; r++ {
		pick := func(rep *search.EvalReport) search.SectionScore {
			if r == rows {
				return rep.Overall
			}
			return rep.Sections[r]
		}
		sc := pick(reps[0])
		fmt.Fprintf(bw, "%s  %8d  %7d%s", table.Pad(sc.Name, nw), sc.Total, sc.Skipped, piecesCell(o, sc.Pieces))
		for i, rep := range reps {
			fmt.Fprintf(bw, "  %*s", cw[i], accuracyCell(pick(rep)))
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}
