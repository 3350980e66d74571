package model

// GEMM is one matrix multiply [M,K]·[K,N] in a precision (float32 by
// default), the unit the roofline of `bertvec bench` is measured in.
type GEMM struct {
	M, K, N   int
	Precision Precision `json:",omitempty"`
}

// FLOPs counts a multiply and an add per multiply-add: 2·M·K·N.
func (g GEMM) FLOPs() float64 { return 2 * float64(g.M) * float64(g.K) * float64(g.N) }
