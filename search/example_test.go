package search_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// A vectors directory is what `bertvec extract` writes; here one is put
// together from the tiny test model's reference vectors.
func Example() {
	dir, _ := os.MkdirTemp("", "vectors")
	defer os.RemoveAll(dir)
	for _, f := range []string{"vocab.txt", "reference/static.npy"} {
		b, _ := os.ReadFile(filepath.Join("../testdata/tiny-bert-ja", f))
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}

	s, err := search.Open(dir, vecdir.Static)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ans, err := s.Query("王 - 男 + 女", search.Options{K: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range ans.Results {
		fmt.Printf("%d %s %d %.4f\n", r.Rank, r.Token, r.ID, r.Distance)
	}
	// Output:
	// 1 女 88 4.9406
	// 2 王 86 5.2523
	// 3 妹 120 7.9857
}
