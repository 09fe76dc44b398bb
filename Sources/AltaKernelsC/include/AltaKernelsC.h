// Dense-product micro-kernels for the wider x86-64 vector units, compiled for those units
// function by function (`__attribute__((target(...)))`) so the package itself still builds
// for baseline x86-64 and the kernel is chosen at run time from the CPU's features.
//
// Every kernel computes each element of its tile as the portable Swift kernel does: products
// added in step order, each a separate multiply then add (never fused), so all kernels give
// bit-identical results.
#ifndef ALTA_KERNELS_C_H
#define ALTA_KERNELS_C_H

#ifdef __cplusplus
extern "C" {
#endif

/// Bits of `alta_gemm_kernel_support`.
enum {
    /// The CPU (and the operating system) runs AVX2: the 6 × 16 kernel.
    ALTA_GEMM_KERNEL_AVX2 = 1,
    /// The CPU (and the operating system) runs AVX-512F: the 12 × 16 kernel.
    ALTA_GEMM_KERNEL_AVX512 = 2,
};

/// The kernels this CPU can run, as `ALTA_GEMM_KERNEL_*` bits (0 off x86-64).
int alta_gemm_kernel_support(void);

#if defined(__x86_64__)

/// `C[0..<rows, 0..<columns] (+)= A · B` over `depth` steps, for a tile of at most 6 × 16.
/// `a` is a packed panel `[depth, 6]` (row values per step), `b` a packed panel
/// `[depth, 16]` (column values per step); `c` has row stride `ldc` (elements). When `load`
/// is 0 the tile is overwritten, else accumulated into. Requires AVX2.
void alta_gemm_tile_avx2(
    long depth, const float *a, const float *b, float *c, long ldc, int load, long rows, long columns);

/// The same for a tile of at most 12 × 16, `a` packed `[depth, 12]`, `b` packed
/// `[depth, 16]`. Requires AVX-512F.
void alta_gemm_tile_avx512(
    long depth, const float *a, const float *b, float *c, long ldc, int load, long rows, long columns);

#endif

#ifdef __cplusplus
}
#endif

#endif
