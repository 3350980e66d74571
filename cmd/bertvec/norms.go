package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/bertvec/bertvec/internal/table"
	"github.com/bertvec/bertvec/search"
)

func init() {
	register(command{"norms", "Euclidean norm of each word's vector", runNorms}, help{
		Usage: "--vectors DIR [flags] WORD...",
		About: `Prints the L2 norm of each word's vector, summed in float64. A word that is
not a vocab token stands for the mean of the tokens the model's tokenizer
makes of it (ids lists them). --json prints one object per word, one per line.`,
		Examples: []string{
			"bertvec norms --vectors vectors 王 女王 の",
			"bertvec norms --vectors vectors --kind dynamic --json 東京",
		},
	})
}

func runNorms(args []string, stdout, stderr io.Writer) error {
	var f vectorsFlags
	fs := newFlagSet("norms", stderr)
	f.add(fs)
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	s, err := f.openWords(words)
	if err != nil {
		return err
	}
	defer s.Close()
	rows := make([]search.NormAnswer, len(words))
	for i, w := range words {
		r, err := s.Resolve(w)
		if err != nil {
			return err
		}
		if n := r.Note(s.Vocab()); n != "" {
			printNotes(stderr, []string{n})
		}
		rows[i] = search.NewNormAnswer(w, s.Kind(), r)
	}
	if f.json {
		for _, r := range rows {
			if err := writeJSONLine(stdout, r); err != nil {
				return err
			}
		}
		return nil
	}
	ww := 4
	for _, r := range rows {
		ww = max(ww, table.Width(r.Word))
	}
	bw := bufio.NewWriter(stdout)
	fmt.Fprintf(bw, "%s  %-10s  %s\n", table.Pad("word", ww), "id", "norm")
	for _, r := range rows {
		ids := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(r.IDs)), ","), "[]")
		fmt.Fprintf(bw, "%s  %-10s  %.6f\n", table.Pad(r.Word, ww), ids, r.Norm)
	}
	return bw.Flush()
}
