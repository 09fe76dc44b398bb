#if os(Linux)
import AltaTensors
import Foundation
import Testing

@Suite struct ParallelForTests {
    /// What a thread pinned to CPU 0 saw.
    private final class Observation: @unchecked Sendable {
        var pinned = false
        var counted = 0
    }

    /// A thread pinned to one CPU (as under `taskset -c 0`) counts one core, which
    /// Foundation's active processor count alone does not.
    @Test func aThreadPinnedToOneCPUCountsOneCore() throws {
        let observation = Observation()
        let done = DispatchSemaphore(value: 0)
        Thread {
            typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else { done.signal(); return }
            var mask = [UInt8](repeating: 0, count: 128)
            mask[0] = 1  // CPU 0 only
            observation.pinned = mask.withUnsafeBytes {
                unsafeBitCast(symbol, to: SetAffinity.self)(0, $0.count, $0.baseAddress!) == 0
            }
            observation.counted = ParallelFor.allowedCoreCount()
            done.signal()
        }.start()
        done.wait()
        try #require(observation.pinned)
        #expect(observation.counted == 1)
        #expect(ParallelFor.allowedCoreCount() == ParallelFor.coreCount)
    }
}
#endif
