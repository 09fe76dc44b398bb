/// Which code paths the kernels may take.
///
/// Every path computes each output element with the same operations in the same order,
/// so the choice never changes a result, only its speed.
enum KernelPaths: Sendable {
    /// Pick by problem size: blocked SIMD kernels and threads for large problems, plain
    /// loops for tiny ones.
    case bySize
    /// Always plain scalar loops, single-threaded.
    case plainLoops

    /// The paths of this build. Debug builds do not specialise `SIMD` code, which then runs
    /// about a hundred times slower than plain loops; there (where the test suites run)
    /// the kernels take the plain loops, and the kernel tests exercise `.bySize` directly.
    static let build: KernelPaths = {
        #if DEBUG
            return .plainLoops
        #else
            return .bySize
        #endif
    }()
}
