#include "AltaKernelsC.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include "GemmEdgeTile.h"

// Multiply, then add: never one fused operation (the target has no FMA, and contraction is
// off), so every element is the same sequential dot product as on every other path.
#pragma clang fp contract(off)

enum { ROWS = 6, COLUMNS = 16 };

#define ALTA_STEP(r, acc0, acc1)                                        \
    do {                                                                \
        const __m256 av = _mm256_broadcast_ss(a + (r));                 \
        acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(av, b0));              \
        acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(av, b1));              \
    } while (0)

/// The full 6 × 16 tile: twelve eight-lane accumulators.
__attribute__((target("avx2")))
static void kernel(long depth, const float *a, const float *b, float *c, long ldc, int load) {
    __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (load) {
        c00 = _mm256_loadu_ps(c);           c01 = _mm256_loadu_ps(c + 8);
        c10 = _mm256_loadu_ps(c + ldc);     c11 = _mm256_loadu_ps(c + ldc + 8);
        c20 = _mm256_loadu_ps(c + 2 * ldc); c21 = _mm256_loadu_ps(c + 2 * ldc + 8);
        c30 = _mm256_loadu_ps(c + 3 * ldc); c31 = _mm256_loadu_ps(c + 3 * ldc + 8);
        c40 = _mm256_loadu_ps(c + 4 * ldc); c41 = _mm256_loadu_ps(c + 4 * ldc + 8);
        c50 = _mm256_loadu_ps(c + 5 * ldc); c51 = _mm256_loadu_ps(c + 5 * ldc + 8);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = _mm256_setzero_ps();
        c30 = c31 = c40 = c41 = c50 = c51 = _mm256_setzero_ps();
    }
    for (long p = 0; p < depth; p++) {
        const __m256 b0 = _mm256_loadu_ps(b);
        const __m256 b1 = _mm256_loadu_ps(b + 8);
        ALTA_STEP(0, c00, c01);
        ALTA_STEP(1, c10, c11);
        ALTA_STEP(2, c20, c21);
        ALTA_STEP(3, c30, c31);
        ALTA_STEP(4, c40, c41);
        ALTA_STEP(5, c50, c51);
        a += ROWS;
        b += COLUMNS;
    }
    _mm256_storeu_ps(c, c00);           _mm256_storeu_ps(c + 8, c01);
    _mm256_storeu_ps(c + ldc, c10);     _mm256_storeu_ps(c + ldc + 8, c11);
    _mm256_storeu_ps(c + 2 * ldc, c20); _mm256_storeu_ps(c + 2 * ldc + 8, c21);
    _mm256_storeu_ps(c + 3 * ldc, c30); _mm256_storeu_ps(c + 3 * ldc + 8, c31);
    _mm256_storeu_ps(c + 4 * ldc, c40); _mm256_storeu_ps(c + 4 * ldc + 8, c41);
    _mm256_storeu_ps(c + 5 * ldc, c50); _mm256_storeu_ps(c + 5 * ldc + 8, c51);
}

#undef ALTA_STEP

void alta_gemm_tile_avx2(
    long depth, const float *a, const float *b, float *c, long ldc, int load, long rows, long columns) {
    float tile[ROWS * COLUMNS];
    alta_gemm_run_tile(kernel, ROWS, COLUMNS, tile, depth, a, b, c, ldc, load, rows, columns);
}

#endif
