package safetensors_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/model/safetensors"
)

func Example() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.safetensors")

	w := safetensors.FromFloat32("dense.weight", []int{2, 3}, []float32{1, 2, 3, 4, 5, 6})
	if err := safetensors.Write(path, []safetensors.Tensor{w}, map[string]string{"format": "pt"}); err != nil {
		log.Fatal(err)
	}

	f, err := safetensors.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Info("dense.weight")
	dst := make([]float32, info.NumElements())
	if err := f.Float32("dense.weight", dst); err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Names(), info.DType, info.Shape, dst)
	// Output: [dense.weight] F32 [2 3] [1 2 3 4 5 6]
}
