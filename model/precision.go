package model

import (
	"fmt"
	"strings"
)

// Precision is the number format of the encoder's matrix multiplies.
//
// FP32, the default, is what the checkpoints hold and what transformers
// computes; the conformance tests hold it to 1e-4 of PyTorch. BF16 stores
// the four linear layers' weights as bfloat16 and multiplies in it (on
// CPUs with AMX or AVX512-BF16, through oneDNN, several times fp32's
// rate), while embeddings, LayerNorm, softmax, GELU, residual sums and the
// output stay float32. Its vectors differ from fp32's by about 1e-2:
// `bertvec bench --precision bf16` reports the error on the same ids.
type Precision int

const (
	FP32 Precision = iota
	BF16
)

// Precisions lists the accepted spellings, for flag help.
const Precisions = "fp32 or bf16"

// ParsePrecision reads "fp32" or "bf16" (any case).
func ParsePrecision(s string) (Precision, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fp32", "float32":
		return FP32, nil
	case "bf16", "bfloat16":
		return BF16, nil
	}
	return FP32, fmt.Errorf("%w: precision %q: want %s", ErrInput, s, Precisions)
}

func (p Precision) String() string {
	switch p {
	case FP32:
		return "fp32"
	case BF16:
		return "bf16"
	}
	return fmt.Sprintf("Precision(%d)", int(p))
}
