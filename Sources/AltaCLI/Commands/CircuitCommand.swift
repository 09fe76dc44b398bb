import AltaTransformer
import ArgumentParser
import Foundation

/// `alta circuit`: ground-truth circuits of exported RASP models.
struct CircuitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circuit",
        abstract: "Work with the ground-truth circuit (circuit.json) of an exported RASP model.",
        subcommands: [CircuitCheckCommand.self])
}

/// `alta circuit check FOLDER`: ablates each head and MLP component of `circuit.json`
/// through the runtime's hooks and checks that only the component's s-op and its
/// dependents change (``CircuitCheck``).
struct CircuitCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check circuit.json against its model by ablating every head and MLP component.",
        discussion: """
            Each head is ablated by zeroing its attention pattern (blocks.L.attn.hook_pattern.H), \
            each s-op's MLP by zeroing its hidden neurons (blocks.L.mlp.hook_post.0), on random \
            inputs over the model's vocabulary. Every s-op is decoded from the final residual \
            before and after; an s-op that changes but is neither the component's s-op nor \
            one depending on it is a violation (the command then fails). A component whose \
            s-op never changed on the inputs is reported as not exercised.
            """)

    @Argument(help: "A model folder written by `alta compile` for a RASP program.")
    var folder: String

    @Option(help: "Number of random inputs to ablate on.")
    var inputs = 4

    @Option(help: "Seed of the random inputs.")
    var seed: UInt64 = 0

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        try OptionRange.check(inputs, "--inputs", in: 1...10_000)
    }

    func run() throws {
        let check = try CircuitCheck.load(folder: URL(fileURLWithPath: folder, isDirectory: true))
        let report = try check.run(inputs: try check.sampleInputs(count: inputs, seed: seed))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            var rows = [["component", "s-op", "changed s-ops", "verdict"]]
            for row in report.rows {
                rows.append([row.component, row.sop, row.changed.isEmpty ? "-" : row.changed.joined(separator: ", "),
                             row.verdict.rawValue + (row.verdict == .notExercised ? ": \(row.reason ?? "")" : "")])
            }
            print(TextTable.render(rows), terminator: "")
            let counts = Dictionary(grouping: report.rows, by: \.verdict).mapValues(\.count)
            print("\(Plural.count(report.rows.count, "component")) ablated on \(Plural.count(report.inputs.count, "input")): "
                + "\(counts[.ok] ?? 0) ok, \(counts[.notExercised] ?? 0) not exercised, \(Plural.count(counts[.violation] ?? 0, "violation"))")
        }
        guard report.passed else { throw CLIError(report.violations.joined(separator: "\n")) }
    }
}
