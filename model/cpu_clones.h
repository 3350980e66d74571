// BV_CLONES builds a C pass once per instruction set, picked at load time
// (glibc ifunc), so one binary uses AVX-512 or AVX2 where the CPU has
// them. Other compilers and architectures get the plain build.

#ifndef BERTVEC_CPU_CLONES_H
#define BERTVEC_CPU_CLONES_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BV_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BV_CLONES
#endif

#endif
