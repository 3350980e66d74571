// Scaled dot-product attention over short sequences on the CPU, for
// attend_cpu_torch.go. Plain C over float32 rows; no libtorch types.

#ifndef BERTVEC_ATTEND_CPU_H
#define BERTVEC_ATTEND_CPU_H

#include <stdint.h>

// bv_rows locates one operand: row r of item b, head h starts at
// base + b*item + r*row + h*d (strides in floats).
typedef struct {
	const float *base;
	int64_t item, row;
} bv_rows;

typedef struct {
	bv_rows q, k, v;
	const float *mask;  // additive, [B][s] with item stride s; NULL for none
	float *out;         // [B][sq][heads*d], contiguous
	int32_t sq, s, heads, d;
	float scale;        // the scores are divided by it, as transformers does
} bv_attend_args;

// bv_attend computes items [b0, b1) of softmax(q·kᵀ/scale + mask)·v per
// head. s must be at most BV_ATTEND_MAX_S.
#define BV_ATTEND_MAX_S 64
void bv_attend(const bv_attend_args *a, int64_t b0, int64_t b1);

#endif
