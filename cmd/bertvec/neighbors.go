package main

import (
	"fmt"
	"io"

	"github.com/bertvec/bertvec/search"
)

func init() {
	register(command{"neighbors", "nearest neighbours of each word", runNeighbors}, help{
		Usage: "--vectors DIR [flags] WORD...",
		About: `Prints the k nearest vectors of each word, ranked as faiss IndexFlatL2
ranks them (or by cosine, as gensim), the word itself included unless
--exclude-query. A word that is not a vocab token stands for the mean of
the tokens the model's tokenizer makes of it (a note on stderr shows
them). --json prints one object per word, one per line.`,
		Examples: []string{
			"bertvec neighbors --vectors vectors 王 東京",
			"bertvec neighbors --vectors vectors --kind dynamic --metric cosine --exclude-special -k 20 王",
			"bertvec neighbors --vectors vectors --json 王 | jq '.results[].token'",
		},
	})
}

func runNeighbors(args []string, stdout, stderr io.Writer) error {
	var f searchFlags
	fs := newFlagSet("neighbors", stderr)
	f.add(fs)
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	opt, err := f.options()
	if err != nil {
		return err
	}
	s, err := f.openWords(words)
	if err != nil {
		return err
	}
	defer s.Close()
	for i, w := range words {
		ans, err := s.Analogy(search.Expression{Terms: []search.Term{{Word: w}}}, opt)
		if err != nil {
			return searchHint(err)
		}
		printNotes(stderr, ans.Notes)
		if f.json {
			if err := writeJSONLine(stdout, search.NeighborAnswer{Word: w, Kind: s.Kind().String(), Metric: opt.Metric.String(), Results: ans.Results}); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%s  (kind %s, metric %s)\n", w, s.Kind(), opt.Metric)
		if err := writeResults(stdout, ans.Results); err != nil {
			return err
		}
	}
	return nil
}
