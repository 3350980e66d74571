package safetensors

import (
	"math"
	"sync"
)

func float32frombits(b uint32) float32 { return math.Float32frombits(b) }

// F16ToFloat32 converts an IEEE 754 half-precision value to float32.
// Every half value, subnormals, infinities and NaN payloads included, is
// exactly representable, so the conversion is exact.
func F16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf, NaN
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	case exp != 0: // normal: rebias 15 -> 127
		return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
	case mant == 0:
		return math.Float32frombits(sign)
	}
	// Subnormal half (mant * 2^-24) is a normal float32: shift the leading
	// one into the implicit bit.
	e := uint32(127 - 15 + 1)
	for mant&0x400 == 0 {
		mant <<= 1
		e--
	}
	return math.Float32frombits(sign | e<<23 | (mant&0x3ff)<<13)
}

// BF16ToFloat32 converts a bfloat16 value, the top half of a float32.
func BF16ToFloat32(b uint16) float32 { return math.Float32frombits(uint32(b) << 16) }

// f16Table maps every half value to its float32, built on first use: a
// 256 KiB lookup beats the branchy conversion when reading whole tensors.
var f16Table = sync.OnceValue(func() *[1 << 16]float32 {
	var t [1 << 16]float32
	for h := range t {
		t[h] = F16ToFloat32(uint16(h))
	}
	return &t
})
