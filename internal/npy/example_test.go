package npy_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/internal/npy"
)

func Example() {
	dir, _ := os.MkdirTemp("", "npy")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "static.npy")

	if err := npy.Write(path, 2, 3, []float32{1, 2, 3, 4, 5, 6}); err != nil {
		fmt.Println(err)
		return
	}
	m, err := npy.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	fmt.Println(m.Rows, m.Cols, m.Row(1))
	fmt.Printf("%q\n", npy.Header(2, 3)[10:60])
	// Output:
	// 2 3 [4 5 6]
	// "{'descr': '<f4', 'fortran_order': False, 'shape': "
}
