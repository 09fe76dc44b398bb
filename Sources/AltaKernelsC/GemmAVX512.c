#include "AltaKernelsC.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include "GemmEdgeTile.h"

// Multiply, then add: never one fused operation (AVX-512F has FMA, so contraction is turned
// off), so every element is the same sequential dot product as on every other path.
#pragma clang fp contract(off)

enum { ROWS = 12, COLUMNS = 16 };

// One row of the tile: its `A` value, broadcast inside the multiply (`{1to16}`), times the
// step's sixteen `B` columns, added to the row's accumulator.
#define ALTA_STEP(r) c##r = _mm512_add_ps(c##r, _mm512_mul_ps(_mm512_set1_ps(a[r]), b0))
#define ALTA_FOR_ROWS(X) X(0); X(1); X(2); X(3); X(4); X(5); X(6); X(7); X(8); X(9); X(10); X(11)
#define ALTA_LOAD(r) c##r = _mm512_loadu_ps(c + (r) * ldc)
#define ALTA_ZERO(r) c##r = _mm512_setzero_ps()
#define ALTA_STORE(r) _mm512_storeu_ps(c + (r) * ldc, c##r)

/// The full 12 × 16 tile: twelve sixteen-lane accumulators, one per row. (A 12 × 16 tile
/// with the broadcast folded into the multiply keeps the front end idle enough that
/// separate multiplies and adds run as fast as fused ones on the machine this was measured
/// on (Zen 4), where a 6 × 32 tile with explicit broadcasts ran at two thirds of the speed.)
__attribute__((target("avx512f")))
static void kernel(long depth, const float *a, const float *b, float *c, long ldc, int load) {
    __m512 c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
    if (load) {
        ALTA_FOR_ROWS(ALTA_LOAD);
    } else {
        ALTA_FOR_ROWS(ALTA_ZERO);
    }
    for (long p = 0; p < depth; p++) {
        const __m512 b0 = _mm512_loadu_ps(b);
        ALTA_FOR_ROWS(ALTA_STEP);
        a += ROWS;
        b += COLUMNS;
    }
    ALTA_FOR_ROWS(ALTA_STORE);
}

#undef ALTA_STEP
#undef ALTA_FOR_ROWS
#undef ALTA_LOAD
#undef ALTA_ZERO
#undef ALTA_STORE

void alta_gemm_tile_avx512(
    long depth, const float *a, const float *b, float *c, long ldc, int load, long rows, long columns) {
    float tile[ROWS * COLUMNS];
    alta_gemm_run_tile(kernel, ROWS, COLUMNS, tile, depth, a, b, c, ldc, load, rows, columns);
}

#endif
