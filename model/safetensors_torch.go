//go:build cgo && !nolibtorch

package model

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"

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

// view returns tensor name's values in place when they are stored as
// aligned F32, so the loader copies from the file map straight into
// libtorch without a host buffer.
func (s *safetensorsSource) view(name string) ([]float32, bool) {
	b, info, err := s.f.Bytes(name)
	if err != nil || info.DType != safetensors.F32 || len(b) == 0 || uintptr(unsafe.Pointer(&b[0]))%4 != 0 {
		return nil, false
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4), true
}

// done drops tensor name's pages from the resident set once the tensor is
// in libtorch: they are clean file pages, so the mapped file does not stay
// resident beside the tensors (peak memory ≈ checkpoint size, not twice).
func (s *safetensorsSource) done(name string) {
	b, _, err := s.f.Bytes(name)
	if err != nil || len(b) == 0 {
		return
	}
	// Only whole pages inside the tensor: neighbours may not be loaded yet.
	page := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(&b[0]))
	lo := int((page - start%page) % page)
	hi := len(b) - int((start+uintptr(len(b)))%page)
	if hi > lo {
		_ = unix.Madvise(b[lo:hi], unix.MADV_DONTNEED)
	}
}
