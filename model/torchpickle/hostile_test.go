package torchpickle

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/ziptest"
)

func open(b []byte) (*File, error) { return NewReader(bytes.NewReader(b), int64(len(b))) }

// The hand-built files read back right, views included, in both containers.
func TestSmall(t *testing.T) {
	specs, data := small()
	for name, file := range map[string][]byte{
		"zip":     zipFile(t, stateDict(specs, false), map[string][]byte{"0": data}, zip.Store),
		"deflate": zipFile(t, stateDict(specs, false), map[string][]byte{"0": data}, zip.Deflate),
		"legacy":  legacyFile(stateDict(specs, true), []string{"0"}, [][]byte{data}, nil),
	} {
		t.Run(name, func(t *testing.T) {
			f, err := open(file)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]float32, 6)
			if err := f.Float32("w", got); err != nil || !slices.Equal(got, []float32{1, 2, 3, 4, 5, 6}) {
				t.Errorf("w = %v, %v", got, err)
			}
			if err := f.Float32("wt", got); err != nil || !slices.Equal(got, []float32{1, 4, 2, 5, 3, 6}) {
				t.Errorf("wt = %v, %v", got, err)
			}
		})
	}
}

// A storage key declared twice must be declared alike, in both containers;
// otherwise a tensor could read another's bytes as another dtype or size.
func TestStorageDeclaredTwice(t *testing.T) {
	specs, data := small()
	for _, change := range []func(*spec){
		func(s *spec) { s.numel = 5 },
		func(s *spec) { s.storage = "IntStorage" },
	} {
		specs := slices.Clone(specs)
		change(&specs[1])
		for name, file := range map[string][]byte{
			"zip":    zipFile(t, stateDict(specs, false), map[string][]byte{"0": data}, zip.Store),
			"legacy": legacyFile(stateDict(specs, true), []string{"0"}, [][]byte{data}, nil),
		} {
			if _, err := open(file); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), `storage "0" declared as 6 F32`) {
				t.Errorf("%s, %+v: err = %v", name, specs[1], err)
			}
		}
	}
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// Each size bomb of issue 13 is refused with the error that names it,
// after allocating no more than a few MiB (gotch's unpickler allocated what
// the file declared and died of a fatal out-of-memory).
func TestSizeBombs(t *testing.T) {
	specs, data := small()
	body := stateDict(specs, false)[2:] // after PROTO 2
	huge := func(n int64) []spec {
		s := slices.Clone(specs[:1])
		s[0].numel = n
		return s
	}
	frame := append([]byte("\x80\x04\x95\x00\x00\x00\x00\x00\x01\x00\x00"), body...) // FRAME 2^40
	str8 := []byte("\x80\x04\x8d\x00\x00\x00\x00\x00\x01\x00\x00abc.")               // BINUNICODE8 2^40
	bytes8 := []byte("\x80\x04\x8e\x00\x00\x00\x00\x00\x01\x00\x00abc.")             // BINBYTES8 2^40
	tests := []struct {
		name string
		file []byte
		is   error
		want string
	}{
		{"FRAME 2^40", zipFile(t, frame, map[string][]byte{"0": data}, zip.Store), ErrTruncated, "FRAME of 1099511627776 bytes"},
		{"BINUNICODE8 2^40", zipFile(t, str8, nil, zip.Store), ErrTruncated, "1099511627776"},
		{"BINBYTES8 2^40", zipFile(t, bytes8, nil, zip.Store), ErrTruncated, "1099511627776"},
		{"legacy BINUNICODE8 2^40", legacyFile(str8, nil, nil, nil), ErrTruncated, "1099511627776"},
		{"numel 2^33", zipFile(t, stateDict(huge(1<<33), false), map[string][]byte{"0": data}, zip.Store), ErrTruncated, "8589934592"},
		{"numel 1e13", zipFile(t, stateDict(huge(1e13), false), map[string][]byte{"0": data}, zip.Store), ErrTruncated, "10000000000000"},
		{"legacy numel 1e13", legacyFile(stateDict(huge(1e13), true), []string{"0"}, [][]byte{data}, []int64{1e13}), ErrTruncated, "needs 40000000000000 bytes"},
		{"legacy count 1e13", legacyFile(stateDict(specs, true), []string{"0"}, [][]byte{data}, []int64{1e13}), ErrCorrupt, "10000000000000 elements in the file"},
		{"shape beyond storage", zipFile(t, stateDict([]spec{{name: "w", key: "0", storage: "FloatStorage", numel: 6, shape: []int64{1 << 40, 1 << 20}, stride: []int64{0, 0}}}, false), map[string][]byte{"0": data}, zip.Store), ErrUnsupported, "more elements than its storage"},
		{"stride beyond storage", zipFile(t, stateDict([]spec{{name: "w", key: "0", storage: "FloatStorage", numel: 6, shape: []int64{2, 3}, stride: []int64{1 << 62, 1}}}, false), map[string][]byte{"0": data}, zip.Store), ErrCorrupt, "overruns storage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = open(tt.file) })
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %v mentioning %q", err, tt.is, tt.want)
			}
			if n > 4<<20 {
				t.Errorf("allocated %d bytes for a %d-byte file", n, len(tt.file))
			}
		})
	}
}

// A deflate record cannot declare more than DEFLATE can expand to.
func TestDeflateRatio(t *testing.T) {
	specs, _ := small()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create("archive/data.pkl")
	f.Write(stateDict(specs[:1], false))
	raw, _ := w.CreateRaw(&zip.FileHeader{Name: "archive/data/0", Method: zip.Deflate, CompressedSize64: 4, UncompressedSize64: 1e12})
	raw.Write([]byte{1, 2, 3, 4})
	w.Close()
	if _, err := open(buf.Bytes()); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "cannot hold") {
		t.Errorf("err = %v", err)
	}
}

// Truncated storages are errors, never short tensors.
func TestTruncated(t *testing.T) {
	legacy, err := os.ReadFile(legacyBin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open(legacy[:len(legacy)-100]); !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "needs") {
		t.Errorf("legacy cut by 100 bytes: %v", err)
	}
	specs, data := small()
	short := zipFile(t, stateDict(specs, false), map[string][]byte{"0": data[:20]}, zip.Store)
	if _, err := open(short); !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "holds 20 bytes") {
		t.Errorf("zip record shorter than its storage: %v", err)
	}
	missing := zipFile(t, stateDict(specs, false), nil, zip.Store)
	if _, err := open(missing); !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "no record") {
		t.Errorf("zip without the record: %v", err)
	}
	tiny, err := os.ReadFile(tinyBin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open(tiny[:len(tiny)/2]); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "zip directory") {
		t.Errorf("zip cut in half: %v", err)
	}
}

// A bit flip in a weight record fails its read; one in data.pkl fails Open.
func TestChecksum(t *testing.T) {
	tiny, err := os.ReadFile(tinyBin)
	if err != nil {
		t.Fatal(err)
	}
	f, err := open(ziptest.FlipBit(t, tiny, "pytorch_model/data/1", 0x10))
	if err != nil {
		t.Fatal(err)
	}
	name := "bert.embeddings.word_embeddings.weight"
	tn, _ := f.Tensor(name)
	if tn.Storage.Key != "1" {
		t.Fatalf("%s is in storage %s", name, tn.Storage.Key)
	}
	err = f.Float32(name, make([]float32, tn.Numel()))
	if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), "pytorch_model/data/1") {
		t.Errorf("flipped weight: %v", err)
	}
	if _, err := open(ziptest.FlipBit(t, tiny, "pytorch_model/data.pkl", 0x10)); err == nil {
		t.Error("flipped data.pkl accepted")
	}
}

// Any global outside the allow-list is refused wherever it appears, with
// the reason; nothing is run (this package cannot run anything).
func TestGlobals(t *testing.T) {
	specs, data := small()
	payload := "\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."
	stack := "\x80\x04\x8c\x05posix\x94\x8c\x06system\x94\x93\x94."
	legacyHeader := func(sysinfo string) []byte {
		b := legacyFile(stateDict(specs, true), []string{"0"}, [][]byte{data}, nil)
		i := bytes.Index(b, []byte("\x80\x02}(X\x0d"))
		j := i + bytes.IndexByte(b[i:], '.') + 1
		return slices.Concat(b[:i], []byte(sysinfo), b[j:])
	}
	tests := map[string][]byte{
		"zip object":           zipFile(t, []byte(payload), nil, zip.Store),
		"zip STACK_GLOBAL":     zipFile(t, []byte(stack), nil, zip.Store),
		"legacy header":        legacyHeader(payload),
		"builtins.eval":        zipFile(t, []byte("\x80\x02c__builtin__\neval\n."), nil, zip.Store),
		"torch but not listed": zipFile(t, []byte("\x80\x02ctorch\nload\n."), nil, zip.Store),
	}
	for name, file := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := open(file)
			if !errors.Is(err, ErrGlobal) || !strings.Contains(err.Error(), "torch.load would import and call it") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// Every error says where it happened; none is a bare "EOF".
func TestNoBareEOF(t *testing.T) {
	specs, data := small()
	whole := zipFile(t, stateDict(specs, false), map[string][]byte{"0": data}, zip.Store)
	legacy := legacyFile(stateDict(specs, true), []string{"0"}, [][]byte{data}, nil)
	for _, file := range [][]byte{whole, legacy} {
		for n := 0; n < len(file); n++ {
			_, err := open(file[:n])
			if err == nil {
				t.Fatalf("%d of %d bytes accepted", n, len(file))
			}
			if msg := err.Error(); msg == "EOF" || msg == "unexpected EOF" || strings.HasSuffix(msg, ": EOF") {
				t.Fatalf("%d of %d bytes: %q", n, len(file), msg)
			}
		}
	}
}

// A DEFLATE-compressed copy of a real torch zip, which torch.load reads,
// gives the same floats as the stored original.
func TestDeflateRezip(t *testing.T) {
	tiny, err := os.ReadFile(tinyBin)
	if err != nil {
		t.Fatal(err)
	}
	deflated := ziptest.Rezip(t, tiny, zip.Deflate, nil)
	a, err := open(tiny)
	if err != nil {
		t.Fatal(err)
	}
	b, err := open(deflated)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range a.Names() {
		ta, _ := a.Tensor(name)
		if ta.DType() != F32 {
			continue
		}
		x, y := make([]float32, ta.Numel()), make([]float32, ta.Numel())
		if err := a.Float32(name, x); err != nil {
			t.Fatal(err)
		}
		if err := b.Float32(name, y); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(x, y) {
			t.Fatalf("%s differs after deflate", name)
		}
	}
}
