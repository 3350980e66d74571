package torchpickle

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/ziptest"
)

// FuzzNewReader feeds zip and legacy files to the reader. It must never
// panic, and opening n bytes may allocate at most 64n bytes plus 4 MiB
// (the fixed buffers): every size in the file is checked against the
// bytes that can back it before anything is allocated for it.
func FuzzNewReader(f *testing.F) {
	specs, data := small()
	f.Add(zipFile(f, stateDict(specs, false), map[string][]byte{"0": data}, zip.Store))
	f.Add(zipFile(f, stateDict(specs, false), map[string][]byte{"0": data}, zip.Deflate))
	f.Add(legacyFile(stateDict(specs, true), []string{"0"}, [][]byte{data}, nil))
	f.Add(legacyFile([]byte("\x80\x04\x95\x00\x00\x00\x00\x00\x01\x00\x00}."), nil, nil, nil))
	// Every variant torch wrote (testdata/gen.py), whole.
	bins, _ := filepath.Glob(filepath.Join("testdata", "*.bin"))
	for _, p := range bins {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	// The real pickles of torch.save, without most of the storage bytes.
	if b, err := os.ReadFile(legacyBin); err == nil {
		f.Add(b[:8000])
	}
	if b, err := os.ReadFile(tinyBin); err == nil {
		f.Add(ziptest.Rezip(f, b, zip.Store, func(name string, r []byte) []byte {
			if strings.Contains(name, "/data/") {
				return r[:min(len(r), 8)]
			}
			return r
		}))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var file *File
		var err error
		n := allocated(func() { file, err = open(b) })
		if limit := 64*uint64(len(b)) + 4<<20; n > limit {
			t.Fatalf("opening %d bytes allocated %d (limit %d)", len(b), n, limit)
		}
		if err != nil {
			return
		}
		for _, name := range file.Names() {
			tn, _ := file.Tensor(name)
			if tn.Numel() > int64(maxDeflateRatio)*int64(len(b)) {
				t.Fatalf("%s: %d elements from a %d-byte file", name, tn.Numel(), len(b))
			}
			if tn.Numel() <= 1<<20 {
				file.Float32(name, make([]float32, tn.Numel()))
			}
		}
	})
}
