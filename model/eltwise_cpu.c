//go:build cgo && !nolibtorch

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "eltwise_cpu.h"
#include "cpu_clones.h"

// expneg is exp(y) for y ≤ 0 in a form the compiler vectorises (no libm
// call, no branch): y = n·ln2 + r with |r| ≤ ln2/2, exp(r) by Cephes'
// expf polynomial (relative error about 1e-7), 2^n built in the exponent
// bits. y is first clamped at -87, where exp is 1.6e-38 and 2^n is still
// normal. The clamp compares the bits as integers: for y ≤ 0, a larger
// signed integer is a more negative float, and an integer select is
// vectorised where a float one is not (it might trap, says GCC).
static inline float expneg(float y) {
	const int32_t lim = (int32_t)0xC2AE0000u; // the bits of -87.0f
	int32_t yb;
	memcpy(&yb, &y, sizeof yb);
	yb = yb > lim ? lim : yb;
	memcpy(&y, &yb, sizeof y);
	float n = (float)(int32_t)(y * 1.44269504088896341f - 0.5f); // round, y ≤ 0
	float r = y - n * 0.693359375f - n * -2.12194440e-4f;
	float p = 1.9875691500e-4f;
	p = p * r + 1.3981999507e-3f;
	p = p * r + 8.3334519073e-3f;
	p = p * r + 4.1665795894e-2f;
	p = p * r + 1.6666665459e-1f;
	p = p * r + 5.0000001201e-1f;
	p = p * r * r + r + 1.0f;
	int32_t bits = ((int32_t)n + 127) << 23;
	float scale;
	memcpy(&scale, &bits, sizeof scale);
	return p * scale;
}

// gelu is x·Φ(x) = x/2·(1 + erf(x/√2)), torch's formula, with
// erf(|z|) = 1 − E and E = erfc(|z|) from Abramowitz and Stegun 7.1.26
// (absolute error ≤ 1.5e-7). A NaN stays NaN.
static inline float gelu(float x) {
	float z = fabsf(x) * 0.70710678118654752f;
	float t = 1.0f / (1.0f + 0.3275911f * z);
	float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
	float erfc = poly * expneg(-z * z);
	return 0.5f * x * (1.0f + copysignf(1.0f - erfc, x));
}

BV_CLONES
void bv_bias_gelu(float *restrict x, const float *restrict bias, int64_t n, int64_t r0, int64_t r1) {
	for (int64_t r = r0; r < r1; r++) {
		float *row = x + r * n;
		for (int64_t c = 0; c < n; c++)
			row[c] = gelu(row[c] + bias[c]);
	}
}

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
