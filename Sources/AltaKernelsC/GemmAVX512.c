#include "AltaKernelsC.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

// Multiply, then add: never one fused operation (AVX-512F has FMA, so contraction is turned
// off), so every element is the same sequential dot product as on every other path.
#pragma clang fp contract(off)

enum { ROWS = 6, COLUMNS = 32 };

#define ALTA_STEP(r, acc0, acc1)                                        \
    do {                                                                \
        const __m512 av = _mm512_set1_ps(a[(r)]);                       \
        acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(av, b0));              \
        acc1 = _mm512_add_ps(acc1, _mm512_mul_ps(av, b1));              \
    } while (0)

/// The full 6 × 32 tile: twelve sixteen-lane accumulators.
__attribute__((target("avx512f")))
static void kernel(long depth, const float *a, const float *b, float *c, long ldc, int load) {
    __m512 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (load) {
        c00 = _mm512_loadu_ps(c);           c01 = _mm512_loadu_ps(c + 16);
        c10 = _mm512_loadu_ps(c + ldc);     c11 = _mm512_loadu_ps(c + ldc + 16);
        c20 = _mm512_loadu_ps(c + 2 * ldc); c21 = _mm512_loadu_ps(c + 2 * ldc + 16);
        c30 = _mm512_loadu_ps(c + 3 * ldc); c31 = _mm512_loadu_ps(c + 3 * ldc + 16);
        c40 = _mm512_loadu_ps(c + 4 * ldc); c41 = _mm512_loadu_ps(c + 4 * ldc + 16);
        c50 = _mm512_loadu_ps(c + 5 * ldc); c51 = _mm512_loadu_ps(c + 5 * ldc + 16);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = _mm512_setzero_ps();
        c30 = c31 = c40 = c41 = c50 = c51 = _mm512_setzero_ps();
    }
    for (long p = 0; p < depth; p++) {
        const __m512 b0 = _mm512_loadu_ps(b);
        const __m512 b1 = _mm512_loadu_ps(b + 16);
        ALTA_STEP(0, c00, c01);
        ALTA_STEP(1, c10, c11);
        ALTA_STEP(2, c20, c21);
        ALTA_STEP(3, c30, c31);
        ALTA_STEP(4, c40, c41);
        ALTA_STEP(5, c50, c51);
        a += ROWS;
        b += COLUMNS;
    }
    _mm512_storeu_ps(c, c00);           _mm512_storeu_ps(c + 16, c01);
    _mm512_storeu_ps(c + ldc, c10);     _mm512_storeu_ps(c + ldc + 16, c11);
    _mm512_storeu_ps(c + 2 * ldc, c20); _mm512_storeu_ps(c + 2 * ldc + 16, c21);
    _mm512_storeu_ps(c + 3 * ldc, c30); _mm512_storeu_ps(c + 3 * ldc + 16, c31);
    _mm512_storeu_ps(c + 4 * ldc, c40); _mm512_storeu_ps(c + 4 * ldc + 16, c41);
    _mm512_storeu_ps(c + 5 * ldc, c50); _mm512_storeu_ps(c + 5 * ldc + 16, c51);
}

#undef ALTA_STEP

void alta_gemm_tile_avx512(
    long depth, const float *a, const float *b, float *c, long ldc, int load, long rows, long columns) {
    if (rows == ROWS && columns == COLUMNS) {
        kernel(depth, a, b, c, ldc, load);
        return;
    }
    // A partial tile at the edge of C: the full kernel on a scratch tile, then the valid part.
    float tile[ROWS * COLUMNS];
    memset(tile, 0, sizeof tile);
    if (load) {
        for (long r = 0; r < rows; r++) memcpy(tile + r * COLUMNS, c + r * ldc, columns * sizeof(float));
    }
    kernel(depth, a, b, tile, COLUMNS, load);
    for (long r = 0; r < rows; r++) memcpy(c + r * ldc, tile + r * COLUMNS, columns * sizeof(float));
}

#endif
