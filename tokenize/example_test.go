package tokenize_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/tokenize"
)

// A BertTokenizer, uncased, as bert-base-uncased ships it: vocab.txt and
// a tokenizer_config.json.
func ExampleTokenizer_Tokenize() {
	dir, err := os.MkdirTemp("", "tok")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	vocab, err := os.ReadFile("testdata/vocab/en-uncased-30k/vocab.txt")
	if err != nil {
		log.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "vocab.txt"), vocab, 0o644)
	os.WriteFile(filepath.Join(dir, "tokenizer_config.json"), []byte(`{"do_lower_case": true}`), 0o644)

	tk, err := tokenize.Load(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer tk.Close()
	toks, err := tk.Tokenize("Botchan's [MASK] café")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tk.Class())
	for _, t := range toks {
		fmt.Println(t.Text, t.ID, t.Word)
	}
	// Output:
	// BertTokenizer
	// bot 28516 0
	// ##chan 14856 0
	// ' 1005 1
	// s 1055 2
	// [MASK] 103 3
	// cafe 7668 4
}
