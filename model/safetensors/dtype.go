package safetensors

import (
	"errors"
	"fmt"
)

// DType is the element type of a tensor, as the header spells it.
type DType int

// The dtypes of the safetensors format. Only F32, F16, BF16 and I64 can be
// read as numbers; the rest are known so that a header holding them parses.
const (
	BOOL DType = iota + 1
	U8
	I8
	F8_E5M2
	F8_E4M3
	I16
	U16
	F16
	BF16
	I32
	U32
	F32
	F64
	I64
	U64
)

var dtypeNames = [...]string{
	BOOL: "BOOL", U8: "U8", I8: "I8", F8_E5M2: "F8_E5M2", F8_E4M3: "F8_E4M3",
	I16: "I16", U16: "U16", F16: "F16", BF16: "BF16", I32: "I32", U32: "U32",
	F32: "F32", F64: "F64", I64: "I64", U64: "U64",
}

var dtypeSizes = [...]int{
	BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
	I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4,
	F32: 4, F64: 8, I64: 8, U64: 8,
}

// ErrDType reports a dtype that is unknown, or known but not convertible
// to what the caller asked for.
var ErrDType = errors.New("safetensors: unsupported dtype")

// ParseDType parses a header dtype string such as "F32".
func ParseDType(s string) (DType, error) {
	for d, name := range dtypeNames {
		if name != "" && name == s {
			return DType(d), nil
		}
	}
	return 0, fmt.Errorf("%w %q", ErrDType, s)
}

func (d DType) valid() bool { return d > 0 && int(d) < len(dtypeNames) }

// String returns the header spelling of d.
func (d DType) String() string {
	if !d.valid() {
		return fmt.Sprintf("DType(%d)", int(d))
	}
	return dtypeNames[d]
}

// Size is the number of bytes of one element, 0 for an invalid DType.
func (d DType) Size() int {
	if !d.valid() {
		return 0
	}
	return dtypeSizes[d]
}
