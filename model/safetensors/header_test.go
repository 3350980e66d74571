package safetensors

import (
	"encoding/binary"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   string // "" when the header is bad; else the error must contain it
	}{
		{"two tensors out of order", `{"b":{"dtype":"F16","shape":[2,2],"data_offsets":[8,16]},"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`, ""},
		{"metadata null", `{"__metadata__":null}`, ""},
		{"unknown field ignored", `{"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3],"extra":1}}`, ""},
		{"zero-size tensors", `{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}`, ""},
		{"empty", ``, "start with"},
		{"array", `[]`, "start with"},
		{"leading space", ` {}`, "start with"},
		{"not JSON", `{"a":`, "invalid header"},
		{"two objects", `{}{}`, "after the JSON"},
		{"not UTF-8", "{\"\xff\":1}", "UTF-8"},
		{"duplicate name", `{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}`, "twice"},
		{"duplicate metadata", `{"__metadata__":{},"__metadata__":{}}`, "twice"},
		{"metadata number", `{"__metadata__":{"format":1}}`, "__metadata__"},
		{"tensor not object", `{"a":3}`, `"a"`},
		{"tensor null", `{"a":null}`, "needs dtype"},
		{"missing dtype", `{"a":{"shape":[1],"data_offsets":[0,4]}}`, "needs dtype"},
		{"missing shape", `{"a":{"dtype":"F32","data_offsets":[0,4]}}`, "needs dtype"},
		{"missing offsets", `{"a":{"dtype":"F32","shape":[1]}}`, "needs dtype"},
		{"unknown dtype", `{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}`, "F128"},
		{"negative dim", `{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, "bad shape"},
		{"fractional dim", `{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}`, `"a"`},
		{"overflowing shape", `{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}`, "bad shape"},
		{"three offsets", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}`, "bad data_offsets"},
		{"reversed offsets", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}`, "bad data_offsets"},
		{"size mismatch", `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, "needs 8"},
		{"gap", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, "gap"},
		{"overlap", `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, "overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := ParseHeader([]byte(tt.header))
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				checkTiling(t, h)
				return
			}
			if !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrHeader containing %q", err, tt.want)
			}
		})
	}
}

func TestParseHeaderSorted(t *testing.T) {
	h, err := ParseHeader([]byte(`{"b":{"dtype":"F16","shape":[2,2],"data_offsets":[8,16]},"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if h.DataLen != 16 || h.Tensors[0].Name != "a" || !reflect.DeepEqual(h.Names(), []string{"a", "b"}) {
		t.Fatalf("got %+v", h)
	}
	if b, ok := h.Info("b"); !ok || b.DType != F16 || !reflect.DeepEqual(b.Shape, []int{2, 2}) || b.Begin != 8 {
		t.Fatalf("Info(b) = %+v, %v", b, ok)
	}
}

// checkTiling asserts what ParseHeader promises Open: the tensors tile
// [0, DataLen) and every byte length matches its shape.
func checkTiling(t *testing.T, h *Header) {
	t.Helper()
	var end int64
	for _, ti := range h.Tensors {
		if ti.Begin != end || ti.End-ti.Begin != int64(ti.NumElements()*ti.DType.Size()) {
			t.Fatalf("tensor %+v does not follow offset %d", ti, end)
		}
		if got, ok := h.Info(ti.Name); !ok || got.Begin != ti.Begin {
			t.Fatalf("Info(%q) = %+v, %v", ti.Name, got, ok)
		}
		end = ti.End
	}
	if end != h.DataLen {
		t.Fatalf("DataLen %d, tensors end at %d", h.DataLen, end)
	}
}

func FuzzParseHeader(f *testing.F) {
	b, err := os.ReadFile(tinyDir + "model.safetensors")
	if err != nil {
		f.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(b)
	f.Add(b[8 : 8+n])
	f.Add([]byte(`{"__metadata__":{"format":"pt"},"a":{"dtype":"BF16","shape":[2,0,3],"data_offsets":[0,0]}}`))
	f.Add([]byte(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err != nil {
			if !errors.Is(err, ErrHeader) {
				t.Fatalf("error %v does not wrap ErrHeader", err)
			}
			return
		}
		checkTiling(t, h)
	})
}

func FuzzParse(f *testing.F) {
	f.Add(file(`{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}`, 4))
	f.Add(file(`{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`, 8))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		sf, err := Parse(b)
		if err != nil {
			return
		}
		for _, ti := range sf.Tensors {
			n := ti.NumElements()
			switch ti.DType {
			case F32, F16, BF16:
				err = sf.Float32(ti.Name, make([]float32, n))
			case I64:
				err = sf.Int64(ti.Name, make([]int64, n))
			default:
				_, _, err = sf.Bytes(ti.Name)
			}
			if err != nil {
				t.Fatalf("%s: %v", ti.Name, err)
			}
		}
	})
}
