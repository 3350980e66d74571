package safetensors

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const tinyDir = "../../testdata/tiny-bert-ja/"

// readNpyFloat32 reads a little-endian float32 .npy (format 1.0) without
// the project's npy package, so this test stands on its own.
func readNpyFloat32(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:6]) != "\x93NUMPY" || b[6] != 1 {
		t.Fatalf("%s: not a version 1 .npy", path)
	}
	hlen := int(binary.LittleEndian.Uint16(b[8:]))
	if h := string(b[10 : 10+hlen]); !strings.Contains(h, "'<f4'") || !strings.Contains(h, "'fortran_order': False") {
		t.Fatalf("%s: header %q is not C-order <f4", path, h)
	}
	data := b[10+hlen:]
	out := make([]float32, len(data)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return out
}

func TestOpenTiny(t *testing.T) {
	f, err := Open(tinyDir + "model.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.Metadata["format"]; got != "pt" {
		t.Errorf(`Metadata["format"] = %q, want "pt"`, got)
	}
	if n := len(f.Names()); n != 47 {
		t.Errorf("%d tensors, want 47 (README: 49 state-dict keys less 2 tied aliases)", n)
	}
	const word = "bert.embeddings.word_embeddings.weight"
	info, ok := f.Info(word)
	if !ok || info.DType != F32 || !reflect.DeepEqual(info.Shape, []int{417, 64}) {
		t.Fatalf("Info(%s) = %+v, %v", word, info, ok)
	}
	got := make([]float32, info.NumElements())
	if err := f.Float32(word, got); err != nil {
		t.Fatal(err)
	}
	want := readNpyFloat32(t, tinyDir+"reference/static.npy")
	if !reflect.DeepEqual(got, want) {
		t.Fatal("word embeddings differ from reference/static.npy")
	}

	pos := make([]int64, 64)
	if err := f.Int64("bert.embeddings.position_ids", pos); err != nil {
		t.Fatal(err)
	}
	for i, p := range pos {
		if p != int64(i) {
			t.Fatalf("position_ids[%d] = %d", i, p)
		}
	}

	tests := []struct {
		name string
		err  error
		call func() error
	}{
		{"Float32 of I64", ErrDType, func() error { return f.Float32("bert.embeddings.position_ids", make([]float32, 64)) }},
		{"Int64 of F32", ErrDType, func() error { return f.Int64(word, make([]int64, 417*64)) }},
		{"missing tensor", ErrNotFound, func() error { return f.Float32("bert.nope", nil) }},
		{"short dst", nil, func() error { return f.Float32(word, make([]float32, 10)) }},
	}
	for _, tt := range tests {
		err := tt.call()
		if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.err)
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	f16 := []byte{0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00} // 1, -2, smallest subnormal
	bf16 := []byte{0x80, 0x3f, 0xc0, 0x7f}            // 1, NaN
	tensors := []Tensor{
		FromFloat32("a.weight", []int{2, 3}, []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.25}),
		FromInt64("ids", []int{1, 3}, []int64{0, -1, math.MaxInt64}),
		{Name: "half", DType: F16, Shape: []int{3}, Data: f16},
		{Name: "brain", DType: BF16, Shape: []int{2}, Data: bf16},
		{Name: "empty", DType: F32, Shape: []int{0, 5}, Data: nil},
		FromFloat32("scalar", []int{}, []float32{7}),
		{Name: "flag", DType: BOOL, Shape: []int{1}, Data: []byte{1}},
	}
	path := filepath.Join(t.TempDir(), "x.safetensors")
	if err := Write(path, tensors, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("written file mode %v, %v; want 0644", st.Mode(), err)
	}
	if n := binary.LittleEndian.Uint64(raw); n%8 != 0 {
		t.Errorf("header length %d is not a multiple of 8", n)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, want := range tensors {
		b, info, err := f.Bytes(want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if info.DType != want.DType || len(info.Shape) != len(want.Shape) || string(b) != string(want.Data) {
			t.Errorf("%s: got %+v %x", want.Name, info, b)
		}
	}
	check := func(name string, want []float32) {
		t.Helper()
		got := make([]float32, len(want))
		if err := f.Float32(name, got); err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Errorf("%s[%d] = %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	check("a.weight", []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.25})
	check("half", []float32{1, -2, float32(math.Ldexp(1, -24))})
	check("brain", []float32{1, math.Float32frombits(0x7fc00000)})
	check("empty", []float32{})
	check("scalar", []float32{7})
	if err := f.Float32("flag", make([]float32, 1)); !errors.Is(err, ErrDType) {
		t.Errorf("Float32 of BOOL: err = %v, want ErrDType", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("Write left %d files behind, want 1", len(entries))
	}
}

func TestWriteRejects(t *testing.T) {
	tests := map[string][]Tensor{
		"duplicate name": {FromFloat32("a", []int{1}, []float32{1}), FromFloat32("a", []int{1}, []float32{1})},
		"empty name":     {FromFloat32("", []int{1}, []float32{1})},
		"metadata name":  {FromFloat32("__metadata__", []int{1}, []float32{1})},
		"data too short": {FromFloat32("a", []int{2}, []float32{1})},
		"negative dim":   {{Name: "a", DType: F32, Shape: []int{-1}}},
		"bad dtype":      {{Name: "a", DType: 0, Shape: []int{0}}},
	}
	for name, ts := range tests {
		path := filepath.Join(t.TempDir(), "x.safetensors")
		if err := Write(path, ts, nil); err == nil {
			t.Errorf("%s: Write succeeded", name)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: failed Write left %s (%v)", name, path, err)
		}
	}
}

// file builds a safetensors file from a literal header and data length.
func file(header string, data int) []byte {
	b := make([]byte, 8, 8+len(header)+data)
	binary.LittleEndian.PutUint64(b, uint64(len(header)))
	b = append(b, header...)
	return append(b, make([]byte, data)...)
}

func TestParseFile(t *testing.T) {
	good := `{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`
	tests := []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"good", file(good, 8), true},
		{"good, space padded", file(good+"   ", 8), true},
		{"empty header object", file(`{}`, 0), true},
		{"shorter than the prefix", []byte{1, 0, 0}, false},
		{"header longer than file", file(good, 8)[:20], false},
		{"truncated data", file(good, 7), false},
		{"trailing data", file(good, 9), false},
		{"huge length", append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, good...), false},
	}
	for _, tt := range tests {
		_, err := Parse(tt.b)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrHeader) {
			t.Errorf("%s: err = %v, want ErrHeader", tt.name, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "none.safetensors")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
	short := filepath.Join(dir, "short.safetensors")
	os.WriteFile(short, []byte{1, 2}, 0o644)
	if _, err := Open(short); !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), short) {
		t.Errorf("short file: err = %v, want ErrHeader naming the file", err)
	}
	trunc := filepath.Join(dir, "trunc.safetensors")
	b, err := os.ReadFile(tinyDir + "model.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(trunc, b[:len(b)-1], 0o644)
	if _, err := Open(trunc); !errors.Is(err, ErrHeader) {
		t.Errorf("truncated file: err = %v, want ErrHeader", err)
	}
}

func TestF16ToFloat32Exhaustive(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		got := F16ToFloat32(uint16(h))
		sign := 1.0
		if h&0x8000 != 0 {
			sign = -1
		}
		exp, mant := (h>>10)&0x1f, h&0x3ff
		var want float64
		switch {
		case exp == 0x1f && mant == 0:
			want = math.Inf(int(sign))
		case exp == 0x1f:
			if !math.IsNaN(float64(got)) || math.Float32bits(got)&0x7fffff != uint32(mant)<<13 {
				t.Fatalf("F16ToFloat32(%#04x) = %#08x, want NaN with payload kept", h, math.Float32bits(got))
			}
			continue
		case exp == 0:
			want = sign * math.Ldexp(float64(mant), -24)
		default:
			want = sign * math.Ldexp(1+float64(mant)/1024, exp-15)
		}
		if math.Float32bits(got) != math.Float32bits(float32(want)) {
			t.Fatalf("F16ToFloat32(%#04x) = %v, want %v", h, got, want)
		}
	}
}

func TestBF16ToFloat32(t *testing.T) {
	for _, x := range []float32{0, 1, -2, 0.15625, float32(math.Inf(-1)), math.Float32frombits(0x00010000)} {
		b := uint16(math.Float32bits(x) >> 16)
		if got := BF16ToFloat32(b); math.Float32bits(got) != math.Float32bits(x) {
			t.Errorf("BF16ToFloat32(%#04x) = %v, want %v", b, got, x)
		}
	}
}

func BenchmarkFloat32(b *testing.B) {
	const rows, cols = 32000, 768
	v := make([]float32, rows*cols)
	for i := range v {
		v[i] = float32(i%1000) / 1000
	}
	for _, dt := range []DType{F32, F16, BF16} {
		b.Run(dt.String(), func(b *testing.B) {
			t := FromFloat32("w", []int{rows, cols}, v)
			if dt != F32 {
				t = Tensor{Name: "w", DType: dt, Shape: t.Shape, Data: make([]byte, 2*len(v))}
			}
			path := filepath.Join(b.TempDir(), "w.safetensors")
			if err := Write(path, []Tensor{t}, nil); err != nil {
				b.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			dst := make([]float32, len(v))
			b.SetBytes(int64(len(t.Data)))
			b.ResetTimer()
			for range b.N {
				if err := f.Float32("w", dst); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
