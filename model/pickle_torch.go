//go:build cgo && !nolibtorch

package model

import (
	"fmt"

	"github.com/bertvec/bertvec/model/torchpickle"
)

// pickleSource reads a pytorch_model.bin (zip or legacy torch.save) with
// torchpickle, which runs no pickled code, bounds every allocation by the
// file and checks each zip record's CRC-32. Open reads only the pickle;
// each tensor's bytes are read straight into the loader's buffer, so no
// copy of the checkpoint stays on the Go heap.
type pickleSource struct {
	path string
	f    *torchpickle.File
}

func openPickle(path string) (*pickleSource, error) {
	f, err := openTorchFile(path)
	if err != nil {
		return nil, err
	}
	return &pickleSource{path: path, f: f}, nil
}

func (p *pickleSource) names() []string { return p.f.Names() }

func (p *pickleSource) shape(name string) []int {
	t, _ := p.f.Tensor(name)
	out := make([]int, len(t.Shape))
	for i, d := range t.Shape {
		out[i] = int(d)
	}
	return out
}

// dtype names the storage type the way safetensors does (F32, F16, ...).
func (p *pickleSource) dtype(name string) string {
	t, _ := p.f.Tensor(name)
	return t.DType().String()
}

func (p *pickleSource) read(name string, dst []float32) error {
	if err := p.f.Float32(name, dst); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWeights, p.path, err)
	}
	return nil
}

// view is never possible: the bytes are read, not mapped.
func (p *pickleSource) view(string) ([]float32, bool) { return nil, false }

func (p *pickleSource) done(string) {}

func (p *pickleSource) close() { p.f.Close() }
