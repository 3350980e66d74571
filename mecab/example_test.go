//go:build cgo && !nomecab

package mecab_test

import (
	"fmt"
	"log"

	"github.com/bertvec/bertvec/mecab"
)

func ExampleTagger_Segment() {
	d, err := mecab.FindDict(mecab.IPADic)
	if err != nil {
		log.Fatal(err)
	}
	tg, err := mecab.New(d, "")
	if err != nil {
		log.Fatal(err)
	}
	defer tg.Close()
	text := "女王様と王子様"
	spans, err := tg.Segment(nil, text)
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < len(spans); i += 2 {
		fmt.Print(text[spans[i]:spans[i+1]], " / ")
	}
	fmt.Println()
	// Output: 女王 / 様 / と / 王子 / 様 /
}
