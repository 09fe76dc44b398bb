#include "AltaKernelsC.h"

int alta_gemm_kernel_support(void) {
#if defined(__x86_64__)
    // Both checks include the operating system's support for the wider registers (XCR0).
    __builtin_cpu_init();
    int bits = 0;
    if (__builtin_cpu_supports("avx2")) bits |= ALTA_GEMM_KERNEL_AVX2;
    if (__builtin_cpu_supports("avx512f")) bits |= ALTA_GEMM_KERNEL_AVX512;
    return bits;
#else
    return 0;
#endif
}
