import Foundation

/// Which build the tests run in, and the cases a debug build leaves to an optimised one.
///
/// A debug build (`swift test`) runs the runtime's and compiler's plain loops; a few cases of
/// the differential suites (SCAN at every layer, RASP programs compiled for 64 positions)
/// take minutes there and seconds optimised. A debug build leaves those to the optimised run
/// (`swift test -c release`, which CI's release step makes for these suites, `.ci/run`), and
/// runs every other case; `ALTA_FULL_TESTS=1` runs all of them in any build.
public enum TestBuild {
    /// Whether the tests were built optimised.
    public static var isOptimized: Bool {
        #if DEBUG
        return false
        #else
        return true
        #endif
    }

    /// Whether every case runs: an optimised build, or `ALTA_FULL_TESTS=1`.
    public static var runsEveryCase: Bool {
        isOptimized || ProcessInfo.processInfo.environment["ALTA_FULL_TESTS"] == "1"
    }

    /// `full` when `runsEveryCase`, else `inDebug` (a count of random inputs, say).
    public static func count(_ full: Int, inDebug: Int) -> Int {
        runsEveryCase ? full : inDebug
    }

    /// `cases` without `slowInDebug` unless `runsEveryCase`.
    public static func cases<Case: Equatable>(_ cases: [Case], slowInDebug: [Case]) -> [Case] {
        runsEveryCase ? cases : cases.filter { !slowInDebug.contains($0) }
    }
}
