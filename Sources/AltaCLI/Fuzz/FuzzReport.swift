import Foundation

/// The tally of a fuzz run and its failing cases.
struct FuzzReport: Sendable, CustomStringConvertible {
    let seed: UInt64
    private(set) var cases = 0
    private(set) var cleanErrors = 0
    private(set) var runs = 0
    private(set) var crashes = 0
    private(set) var hangs = 0
    private(set) var silentFailures = 0
    var failures: [ModelFolderFuzzer.Failure] = []

    mutating func record(_ outcome: FuzzOutcome) {
        cases += 1
        switch outcome {
        case .cleanError: cleanErrors += 1
        case .run: runs += 1
        case .crash: crashes += 1
        case .hang: hangs += 1
        case .silentFailure: silentFailures += 1
        }
    }

    /// The tally on one line.
    var summary: String {
        "\(cases) cases (seed \(seed)): \(cleanErrors) clean errors, \(runs) runs, \(crashes) crashes, \(hangs) hangs, \(silentFailures) failures without a message"
    }

    /// The tally, then one reproduction per failing case.
    var description: String {
        var lines = [summary]
        for failure in failures {
            let c = failure.fuzzCase
            lines.append("case \(c.index): \(failure.outcome) — \(c.change)")
            lines.append("  reproduce: cd \(failure.folder.path) && alta \(c.arguments.map(Self.quoted).joined(separator: " "))")
            let message = failure.stderr.split(separator: "\n").prefix(3).joined(separator: " | ")
            if !message.isEmpty { lines.append("  stderr: \(message)") }
        }
        return lines.joined(separator: "\n")
    }

    private static func quoted(_ argument: String) -> String {
        argument.isEmpty || argument.contains(where: { " '\"$\\".contains($0) }) ? "'\(argument.replacingOccurrences(of: "'", with: "'\\''"))'" : argument
    }
}
