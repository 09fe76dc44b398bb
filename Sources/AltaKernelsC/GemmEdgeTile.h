// Running one tile of C with a wide kernel, whole or partial at C's edges (a private header).
#ifndef ALTA_GEMM_EDGE_TILE_H
#define ALTA_GEMM_EDGE_TILE_H

#include <string.h>

/// A kernel for one whole `tile_rows × tile_columns` tile: `C (+)= A · B` over `depth` steps
/// (`c` with row stride `ldc`; `load` 0 overwrites, else accumulates).
typedef void (*alta_full_tile_kernel)(long depth, const float *a, const float *b, float *c, long ldc, int load);

/// A `rows × columns` tile (at most the kernel's): a whole tile straight into C; a partial
/// one at C's edge through the zeroed `scratch` tile (`[tile_rows, tile_columns]`, holding
/// C's valid part when accumulating), whose valid part is then copied back to C.
static inline void alta_gemm_run_tile(
    alta_full_tile_kernel kernel, long tile_rows, long tile_columns, float *scratch,
    long depth, const float *a, const float *b, float *c, long ldc, int load, long rows, long columns) {
    if (rows == tile_rows && columns == tile_columns) {
        kernel(depth, a, b, c, ldc, load);
        return;
    }
    memset(scratch, 0, (size_t)(tile_rows * tile_columns) * sizeof(float));
    if (load) {
        for (long r = 0; r < rows; r++) memcpy(scratch + r * tile_columns, c + r * ldc, (size_t)columns * sizeof(float));
    }
    kernel(depth, a, b, scratch, tile_columns, load);
    for (long r = 0; r < rows; r++) memcpy(c + r * ldc, scratch + r * tile_columns, (size_t)columns * sizeof(float));
}

#endif
