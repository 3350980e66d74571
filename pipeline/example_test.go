package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/bertvec/bertvec/pipeline"
	"github.com/bertvec/bertvec/pipeline/pipelinetest"
)

// Extract with a fake encoder standing in for the model: static and
// dynamic vectors of 100 ids, two workers on one CPU device.
func ExampleExtract() {
	dir, _ := os.MkdirTemp("", "bertvec-example")
	defer os.RemoveAll(dir)
	enc := pipelinetest.NewFake(100, 8)
	rep, err := pipeline.Extract(context.Background(), pipeline.Options{
		OutDir: dir,
		Batch:  16,
		Layer:  2,
		Groups: []pipeline.WorkerGroup{{Name: "cpu", Encoder: enc, Workers: 2}},
		Tokens: pipelinetest.Tokens(100),
		Model:  pipeline.ModelInfo{Dir: "fake-bert", WeightsSHA256: "0123abcd"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"static", "dynamic"} {
		km := rep.Meta.Kinds[name]
		fmt.Println(km.File, km.Shape, km.Dtype, km.Context)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}

	// Running again into the same dir is refused unless asked to resume
	// (a no-op here: the output is complete) or to start over.
	_, err = pipeline.Extract(context.Background(), pipeline.Options{
		OutDir: dir, Batch: 16, Layer: 2, Tokens: pipelinetest.Tokens(100),
		Groups: []pipeline.WorkerGroup{{Name: "cpu", Encoder: enc}},
	})
	fmt.Println(errors.Is(err, pipeline.ErrOutputExists))
	// Output:
	// static.npy [100 8] <f4 embeddings.word_embeddings.weight
	// dynamic.npy [100 8] <f4 [CLS] {id} [SEP]
	// dynamic.npy
	// meta.json
	// static.npy
	// vocab.txt
	// true
}
