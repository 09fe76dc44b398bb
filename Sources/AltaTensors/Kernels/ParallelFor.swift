import Dispatch
import Foundation

/// Runs independent pieces of work on the machine's cores.
///
/// Kernels split a large problem into tasks that write disjoint parts of the output and
/// hand them to `DispatchQueue.concurrentPerform`; small problems run on the calling
/// thread so they pay no hand-off cost.
public enum ParallelFor {
    /// The number of cores work is spread over, read once (Foundation computes it from
    /// the cgroup files on Linux, which costs tens of microseconds per query).
    public static let coreCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

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
