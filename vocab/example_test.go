package vocab_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/bertvec/bertvec/vocab"
)

func ExampleVocab_WordPiece() {
	v, err := vocab.Load("../testdata/tiny-bert-ja/vocab.txt")
	if err != nil {
		log.Fatal(err)
	}
	ids, err := v.WordPiece("日本国")
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range ids {
		fmt.Println(id, v.Token(id))
	}
	_, err = v.WordPiece("龍")
	fmt.Println(errors.Is(err, vocab.ErrUnknown), err)
	// Output:
	// 112 日本
	// 382 ##国
	// true vocab: unknown word: "龍"
}
