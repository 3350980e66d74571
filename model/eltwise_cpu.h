// Fused elementwise passes of a BERT layer on the CPU, for
// eltwise_cpu_torch.go. Plain C over contiguous float32 rows.

#ifndef BERTVEC_ELTWISE_CPU_H
#define BERTVEC_ELTWISE_CPU_H

#include <stdint.h>

// bv_bias_gelu sets x[r][c] = gelu(x[r][c] + bias[c]) for rows [r0, r1)
// of x [rows][n], with the erf form of GELU.
void bv_bias_gelu(float *x, const float *bias, int64_t n, int64_t r0, int64_t r1);

// bv_layer_norm writes out[r] = LayerNorm(x[r]) * w + b for rows [r0, r1)
// of x [rows][n], and, when plus is not NULL, plus[r] = out[r] + pbias:
// the next residual sum, made while out is in registers.
void bv_layer_norm(const float *x, float *out, const float *w, const float *b,
                   float eps, float *plus, const float *pbias,
                   int64_t n, int64_t r0, int64_t r1);

#endif
