import Dispatch
import Foundation

/// Runs independent pieces of work on the machine's cores.
///
/// Kernels split a large problem into tasks that write disjoint parts of the output and
/// hand them to `DispatchQueue.concurrentPerform`; small problems run on the calling
/// thread so they pay no hand-off cost.
public enum ParallelFor {
    /// The number of cores work is spread over, read once (Foundation computes it from
    /// the cgroup files on Linux, which costs tens of microseconds per query): Foundation's
    /// active processor count, or fewer when the process may run on fewer CPUs
    /// (`taskset -c 0 alta …` runs one thread).
    public static let coreCount = allowedCoreCount()

    /// Foundation's active processor count, capped on Linux by the calling thread's CPU
    /// affinity mask (which Foundation ignores); at least 1.
    public static func allowedCoreCount() -> Int {
        var count = ProcessInfo.processInfo.activeProcessorCount
        #if os(Linux)
        // glibc's sched_getaffinity is declared only under _GNU_SOURCE, which Swift's Glibc
        // module does not set; look it up by name instead.
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity") {
            let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
            var mask = [UInt8](repeating: 0, count: 128)  // cpu_set_t: 1,024 CPUs
            if mask.withUnsafeMutableBytes({ getAffinity(0, $0.count, $0.baseAddress!) }) == 0 {
                let allowed = mask.reduce(0) { $0 + $1.nonzeroBitCount }
                if allowed > 0 { count = min(count, allowed) }
            }
        }
        #endif
        return max(1, count)
    }

    /// Calls `body(task)` for every `task` in `0..<count`, concurrently when `parallel` is
    /// true and there is more than one task and more than one core. Tasks must write
    /// disjoint memory.
    @inlinable
    public static func run(_ count: Int, parallel: Bool = true, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if !parallel || count == 1 || coreCount == 1 {
            for task in 0..<count { body(task) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // `concurrentPerform` returns only after every task has run, and the tasks
            // write disjoint memory, so sharing the closure across its threads is safe.
            let shared = UncheckedSendableBox(escapable)
            DispatchQueue.concurrentPerform(iterations: count) { task in shared.value(task) }
        }
    }
}

/// Carries a value whose concurrent use the caller has checked into a `@Sendable` closure.
@usableFromInline
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    @usableFromInline
    let value: Value

    @usableFromInline
    init(_ value: Value) { self.value = value }
}
