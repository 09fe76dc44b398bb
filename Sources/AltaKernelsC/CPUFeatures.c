#include "AltaKernelsC.h"

#if defined(__x86_64__)
#include <cpuid.h>

/// The operating system's enabled register state (XCR0).
static unsigned long long enabledState(void) {
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}
#endif

// CPUID and XGETBV directly (not `__builtin_cpu_supports`, whose runtime symbol not every
// linker setup provides): a kernel counts only when the CPU has the instructions and the
// operating system saves the registers they use.
int alta_gemm_kernel_support(void) {
#if defined(__x86_64__)
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & osxsave) == 0 || (ecx & avx) == 0) return 0;
    const unsigned long long state = enabledState();
    // XMM and YMM state (bits 1, 2); AVX-512 adds the mask and ZMM state (bits 5, 6, 7).
    if ((state & 0x6) != 0x6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int bits = 0;
    if (ebx & (1u << 5)) bits |= ALTA_GEMM_KERNEL_AVX2;
    if ((ebx & (1u << 16)) && (state & 0xE6) == 0xE6) bits |= ALTA_GEMM_KERNEL_AVX512;
    return bits;
#else
    return 0;
#endif
}
