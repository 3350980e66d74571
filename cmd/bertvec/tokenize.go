package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bertvec/bertvec/internal/bundled"
	"github.com/bertvec/bertvec/internal/table"
	"github.com/bertvec/bertvec/tokenize"
)

func init() {
	register(command{"tokenize", "split text into the model's tokens, as its transformers tokenizer does", runTokenize}, help{
		Usage: "[--model DIR|ORG/NAME] [--json] TEXT... | --lines FILE|-",
		About: `Splits text exactly as the checkpoint's own Hugging Face tokenizer does
(BertJapaneseTokenizer: MeCab + WordPiece; BertTokenizer: BasicTokenizer +
WordPiece), without [CLS] and [SEP]. Only the tokenizer files are read:
vocab.txt, tokenizer_config.json, special_tokens_map.json, config.json.
For each TEXT it prints a table (token, id, and the word it came from);
--json prints one {"text","tokens","ids"} object per TEXT. --lines reads
one text per line of FILE (- for stdin) and writes JSON Lines in input
order; an empty line gives empty lists.`,
		Examples: []string{
			"bertvec tokenize --model ~/models/bert-base-japanese 女王様と王子様",
			"bertvec tokenize --model cl-tohoku/bert-base-japanese --json 吾輩は猫である。",
			"bertvec tokenize --model ~/models/bert-base-japanese --lines corpus.txt > tokens.jsonl",
		},
	})
}

// tokenLineJSON is one line of --json and --lines; field names are a contract.
type tokenLineJSON struct {
	Text   string   `json:"text"`
	Tokens []string `json:"tokens"`
	IDs    []int32  `json:"ids"`
}

func newTokenLineJSON(text string, toks []tokenize.Token) tokenLineJSON {
	j := tokenLineJSON{Text: text, Tokens: make([]string, len(toks)), IDs: make([]int32, len(toks))}
	for i, t := range toks {
		j.Tokens[i], j.IDs[i] = t.Text, t.ID
	}
	return j
}

func runTokenize(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("tokenize", stderr)
	spec := fs.String("model", "", "checkpoint directory or Hub id ORG/NAME[@REVISION] (default: the bundled "+bundled.Name+")")
	asJSON := fs.Bool("json", false, `print one {"text","tokens","ids"} object per TEXT`)
	lines := fs.String("lines", "", "tokenize each line of `FILE` (- for stdin) into JSON Lines")
	texts, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *lines != "" && len(texts) > 0:
		return usagef("--lines and TEXT arguments exclude each other")
	case *lines == "" && len(texts) == 0:
		return usagef("give TEXT to tokenize, or --lines FILE")
	}
	ctx, stop := signalContext(context.Background())
	defer stop()
	ref, err := modelDir(ctx, *spec, modelOpts{Progress: progressTo(stderr)}, stderr)
	if err != nil {
		return err
	}
	tk, err := tokenize.Load(ref.Dir)
	if err != nil {
		return err
	}
	defer tk.Close()
	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	if *lines != "" {
		return tokenizeLines(tk, *lines, bw)
	}
	for i, text := range texts {
		toks, words, err := tk.TokenizeWords(text)
		if err != nil {
			return fmt.Errorf("TEXT %d: %w", i+1, err)
		}
		if *asJSON {
			if err := writeJSONLine(bw, newTokenLineJSON(text, toks)); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(bw)
		}
		writeTokenTable(bw, text, toks, words)
	}
	return bw.Flush()
}

func tokenizeLines(tk *tokenize.Tokenizer, path string, w io.Writer) error {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	return tk.TokenizeLines(r, func(l tokenize.Line) error {
		return writeJSONLine(w, newTokenLineJSON(l.Text, l.Tokens))
	})
}

// writeTokenTable prints the text, then token, id and word columns.
func writeTokenTable(w io.Writer, text string, toks []tokenize.Token, words []string) {
	fmt.Fprintf(w, "%s  (%d tokens)\n", text, len(toks))
	tw, iw := table.Width("token"), len("id")
	for _, t := range toks {
		tw = max(tw, table.Width(t.Text))
		iw = max(iw, len(fmt.Sprint(t.ID)))
	}
	fmt.Fprintf(w, "  %s  %*s  %s\n", table.Pad("token", tw), iw, "id", "word")
	for _, t := range toks {
		fmt.Fprintf(w, "  %s  %*d  %s\n", table.Pad(t.Text, tw), iw, t.ID, strings.TrimSpace(words[t.Word]))
	}
}
