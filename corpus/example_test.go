package corpus_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/bertvec/bertvec/corpus"
)

// Lines are numbered from 0, blank ones included; the digest covers the
// bytes as stored.
func ExampleReader() {
	r, err := corpus.Open("-", strings.NewReader("吾輩は猫である。\n\n名前はまだ無い。\n"))
	if err != nil {
		panic(err)
	}
	defer r.Close()
	for {
		l, err := r.Next()
		if err == io.EOF {
			break
		}
		fmt.Printf("%d %q\n", l.Number, l.Text)
	}
	st := r.Stats()
	fmt.Println(st.Lines, st.Bytes, st.SHA256[:12])
	// Output:
	// 0 "吾輩は猫である。"
	// 1 ""
	// 2 "名前はまだ無い。"
	// 3 51 cbee087b7673
}
