//go:build cgo && !nolibtorch

package model

import (
	"fmt"

	"github.com/bertvec/bertvec/model/safetensors"
)

// safetensorsSource reads weights from a memory-mapped model.safetensors;
// F16 and BF16 are widened to float32 on read.
type safetensorsSource struct {
	f *safetensors.File
}

func openSafetensors(path string) (*safetensorsSource, error) {
	f, err := safetensors.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWeights, err)
	}
	return &safetensorsSource{f: f}, nil
}

func (s *safetensorsSource) names() []string { return s.f.Names() }

func (s *safetensorsSource) shape(name string) []int {
	info, _ := s.f.Info(name)
	return info.Shape
}

func (s *safetensorsSource) dtype(name string) string {
	info, _ := s.f.Info(name)
	return info.DType.String()
}

func (s *safetensorsSource) read(name string, dst []float32) error {
	return s.f.Float32(name, dst)
}

func (s *safetensorsSource) close() { s.f.Close() }
