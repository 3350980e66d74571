//go:build cgo && !nolibtorch

#include <math.h>
#include <string.h>

#include "attend_cpu.h"
#include "cpu_clones.h"

// dot sums x·y in 16 independent lanes: the compiler vectorises it without
// -ffast-math, and the lanes hide the adds' latency.
static inline float dot(const float *x, const float *y, int n) {
	float acc[16] = {0};
	int t = 0;
	for (; t + 16 <= n; t += 16)
		for (int l = 0; l < 16; l++)
			acc[l] += x[t + l] * y[t + l];
	float sum = 0;
	for (; t < n; t++)
		sum += x[t] * y[t];
	for (int l = 0; l < 16; l++)
		sum += acc[l];
	return sum;
}

// softmax turns p[0..n) into probabilities in place, subtracting the
// maximum first as torch.softmax does.
static inline void softmax(float *p, int n) {
	float max = p[0];
	for (int j = 1; j < n; j++)
		if (p[j] > max)
			max = p[j];
	float sum = 0;
	for (int j = 0; j < n; j++) {
		p[j] = expf(p[j] - max);
		sum += p[j];
	}
	for (int j = 0; j < n; j++)
		p[j] /= sum;
}

BV_CLONES
void bv_attend(const bv_attend_args *a, int64_t b0, int64_t b1) {
	const int d = a->d, s = a->s;
	const int64_t width = (int64_t)a->heads * d;
	float p[BV_ATTEND_MAX_S];
	for (int64_t b = b0; b < b1; b++) {
		const float *mask = a->mask ? a->mask + b * s : NULL;
		for (int i = 0; i < a->sq; i++) {
			const float *q = a->q.base + b * a->q.item + i * a->q.row;
			float *out = a->out + (b * a->sq + i) * width;
			for (int h = 0; h < a->heads; h++) {
				const int64_t off = (int64_t)h * d;
				for (int j = 0; j < s; j++) {
					const float *k = a->k.base + b * a->k.item + j * a->k.row + off;
					p[j] = dot(q + off, k, d) / a->scale;
					if (mask)
						p[j] += mask[j];
				}
				softmax(p, s);
				float *o = out + off;
				memset(o, 0, sizeof(float) * d);
				for (int j = 0; j < s; j++) {
					const float *v = a->v.base + b * a->v.item + j * a->v.row + off;
					for (int t = 0; t < d; t++)
						o[t] += p[j] * v[t];
				}
			}
		}
	}
}
