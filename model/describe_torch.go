//go:build cgo && !nolibtorch

package model

import "fmt"

// Describe inspects the checkpoint in dir and reads its weight file's
// index (a pytorch_model.bin has to be unpickled for that), checking every
// shape, without building the model.
func Describe(dir string, choice WeightChoice) (*Description, error) {
	ck, err := Inspect(dir, choice)
	if err != nil {
		return nil, err
	}
	src, err := openWeights(ck)
	if err != nil {
		return nil, err
	}
	defer src.close()
	keys, err := MapKeys(src.names())
	if err != nil {
		return nil, err
	}
	d := &Description{Checkpoint: ck, Style: keys.Style, Ignored: keys.Ignored, DTypes: map[string]int{}}
	stored := map[string][]int{}
	for _, k := range keys.Raw {
		stored[k] = src.shape(k)
		d.DTypes[src.dtype(k)]++
	}
	if err := CheckShapes(keys.Shapes(stored), ck.Config); err != nil {
		return nil, fmt.Errorf("%s: %w", ck.WeightsPath, err)
	}
	d.Parameters = countParameters(ck.Config)
	return d, nil
}
