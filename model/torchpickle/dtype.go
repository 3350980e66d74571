package torchpickle

import "fmt"

// DType is a storage's element type, spelt as safetensors does.
type DType int

// The storage types torch.save writes for a state dict.
const (
	F32 DType = iota + 1
	F64
	F16
	BF16
	I64
	I32
	I16
	I8
	U8
	Bool
)

var dtypes = [...]struct {
	name, storage string
	size          int
}{
	F32: {"F32", "FloatStorage", 4}, F64: {"F64", "DoubleStorage", 8},
	F16: {"F16", "HalfStorage", 2}, BF16: {"BF16", "BFloat16Storage", 2},
	I64: {"I64", "LongStorage", 8}, I32: {"I32", "IntStorage", 4},
	I16: {"I16", "ShortStorage", 2}, I8: {"I8", "CharStorage", 1},
	U8: {"U8", "ByteStorage", 1}, Bool: {"BOOL", "BoolStorage", 1},
}

// String returns the safetensors spelling: F32, F16, BF16, I64, ...
func (d DType) String() string {
	if d <= 0 || int(d) >= len(dtypes) {
		return fmt.Sprintf("DType(%d)", int(d))
	}
	return dtypes[d].name
}

// Size is the element size in bytes.
func (d DType) Size() int {
	if d <= 0 || int(d) >= len(dtypes) {
		return 0
	}
	return dtypes[d].size
}

// storageDType maps a torch storage class name (FloatStorage) to its DType.
func storageDType(name string) (DType, bool) {
	for d := F32; int(d) < len(dtypes); d++ {
		if dtypes[d].storage == name {
			return d, true
		}
	}
	return 0, false
}
