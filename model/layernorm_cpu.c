//go:build cgo && !nolibtorch

#include <math.h>
#include <stdint.h>

#include "layernorm_cpu.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BV_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BV_CLONES
#endif

// sum16 adds x[0..n) − shift in 16 independent lanes (vectorised without
// -ffast-math, like attend_cpu.c's dot).
static inline float sum16(const float *x, int64_t n, float shift) {
	float acc[16] = {0};
	int64_t c = 0;
	for (; c + 16 <= n; c += 16)
		for (int l = 0; l < 16; l++)
			acc[l] += x[c + l] - shift;
	float s = 0;
	for (; c < n; c++)
		s += x[c] - shift;
	for (int l = 0; l < 16; l++)
		s += acc[l];
	return s;
}

// sumsq16 adds (x[0..n) − shift − mean)² the same way.
static inline float sumsq16(const float *x, int64_t n, float shift, float mean) {
	float acc[16] = {0};
	int64_t c = 0;
	for (; c + 16 <= n; c += 16)
		for (int l = 0; l < 16; l++) {
			float d = (x[c + l] - shift) - mean;
			acc[l] += d * d;
		}
	float s = 0;
	for (; c < n; c++) {
		float d = (x[c] - shift) - mean;
		s += d * d;
	}
	for (int l = 0; l < 16; l++)
		s += acc[l];
	return s;
}

// The moments are taken of the differences from the row's first value, in
// two passes (their mean, then squared deviations). The differences are
// exact for a row whose mean dwarfs its spread, where a float32 mean would
// be off by half its ulp: more accurate than torch's Welford form (see
// TestLayerNormPlusMatchesLibtorch), and the row is in L1 for both passes.
BV_CLONES
void bv_layer_norm(const float *x, float *out, const float *w, const float *b,
                   float eps, float *plus, const float *pbias,
                   int64_t n, int64_t r0, int64_t r1) {
	for (int64_t r = r0; r < r1; r++) {
		const float *in = x + r * n;
		float *o = out + r * n;
		const float x0 = in[0];
		float mean = sum16(in, n, x0) / (float)n;
		float var = sumsq16(in, n, x0, mean) / (float)n;
		float rstd = 1.0f / sqrtf(var + eps);
		for (int64_t c = 0; c < n; c++)
			o[c] = ((in[c] - x0) - mean) * rstd * w[c] + b[c];
		if (plus) {
			float *p = plus + r * n;
			for (int64_t c = 0; c < n; c++)
				p[c] = o[c] + pbias[c];
		}
	}
}
