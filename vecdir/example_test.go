package vecdir_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

func Example() {
	dir, err := os.MkdirTemp("", "vecdir-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// A four-token vocabulary and its 4x2 static vectors.
	os.WriteFile(filepath.Join(dir, vecdir.VocabFile), []byte("[UNK]\n[CLS]\n[SEP]\n猫\n"), 0o644)
	if err := npy.Write(filepath.Join(dir, vecdir.Static.File()), 4, 2, []float32{0, 0, 0, 0, 0, 0, 5, 6}); err != nil {
		log.Fatal(err)
	}
	v, err := vecdir.Open(dir, vecdir.Static)
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()
	fmt.Println(v.Rows, v.Cols, v.Vocab.Token(3), v.Row(3))

	_, err = vecdir.Open(dir, vecdir.Dynamic)
	var missing *vecdir.MissingKindError
	if errors.As(err, &missing) {
		fmt.Println("no", missing.Kind, "vectors; it has", missing.Have)
	}
	// Output:
	// 4 2 猫 [5 6]
	// no dynamic vectors; it has [static]
}

func ExampleParseKind() {
	for _, s := range []string{"static", "context", "context_L4", "context:4"} {
		k, err := vecdir.ParseKind(s)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		l, ok := k.Layer()
		fmt.Println(k, k.File(), k.AuxFile("count"), l, ok)
	}
	// Output:
	// static static.npy static_count.npy 0 false
	// context context.npy context_count.npy 0 false
	// context_L4 context_L4.npy context_L4_count.npy 4 true
	// error: unknown kind "context:4" (want static, dynamic, context or context_L<layer>)
}
