import AltaPrograms
import ArgumentParser
import Foundation
import RASP
import RASPCompiler

/// `alta compare NAME --input …`: `RASPConformance` on the given inputs, printed as a table
/// (s-op, stage, position, evaluator, weights) or JSON.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the reference evaluator with the compiled model at every layer.",
        discussion: """
            For every s-op with residual directions, decodes its subspace after the sublayer \
            that computes it and after every later one, at every position, and compares with \
            the evaluator's value (RASPConformance: categorical values equal, null only for \
            null; numerical within 1e-4 relative, null as 0). The table shows each s-op after \
            its own sublayer; differences are marked with ✗ (and shown in red on a terminal), \
            those at later sublayers listed below it. Exits non-zero when anything differs.
            """)

    @Argument(help: "A RASP library program name (see `alta list`) or a .rasp file.")
    var name: String

    @OptionGroup var inputs: InputOptions

    @OptionGroup var options: CompileOptions

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        guard case .rasp(let entry) = try ProgramLookup.resolve(name, options: options) else {
            throw CLIError("compare applies to RASP programs; '\(name)' is an ALTA program (`alta trace` shows its variables at every layer)")
        }
        let compiled = try options.compileRASP(entry)
        var mismatches = 0
        var reports: [[String: Any]] = []
        for tokens in try inputs.sequences() {
            let values = try RASPInput.values(tokens, vocabulary: compiled.vocabulary, program: name)
            let report: RASPConformance.Report
            do {
                report = try RASPConformance.check(compiled, inputs: [values])
            } catch {
                throw CLIError("\(name) on \(tokens.joined(separator: " ")): \(error)", cause: error)
            }
            mismatches += report.mismatchCount
            // Values at later sublayers than their own are not in the table; list them.
            let later = report.mismatches.filter { m in !report.values.contains { $0.sop == m.sop && $0.sublayer == m.sublayer } }
            if json {
                let rows: [[String: Any]] = report.values.map { v in
                    ["sop": v.sop, "sublayer": v.sublayer, "position": v.position,
                     "evaluator": v.expected.map(\.jsonObject) ?? NSNull(), "compiled": v.found.map(\.jsonObject) ?? NSNull(),
                     "match": v.agrees]
                }
                let differences: [[String: Any]] = report.mismatches.map { m in
                    ["sop": m.sop, "sublayer": m.sublayer, "position": m.position,
                     "evaluator": m.expected.map(\.jsonObject) ?? NSNull(), "compiled": m.found.map(\.jsonObject) ?? NSNull()]
                }
                reports.append(["input": tokens, "comparisons": rows, "differences": differences])
            } else {
                var table = [["s-op", "after", "position", "evaluator", "compiled", ""]]
                for v in report.values {
                    table.append([v.position == 0 ? v.sop : "", v.position == 0 ? RASPConformance.stageName(ofSublayer: v.sublayer) : "",
                                  "\(v.position)", v.expected?.description ?? "-", v.found?.description ?? "-", v.agrees ? "✓" : Self.red("✗")])
                }
                print("input: \(tokens.joined(separator: " "))")
                print(TextTable.render(table))
                for m in later { print(Self.red("✗") + " \(m)") }
            }
        }
        if json { try JSONOutput.print(["results": reports, "mismatches": mismatches]) }
        if mismatches > 0 { throw CLIError("\(mismatches) value(s) differ between the evaluator and the compiled model") }
        if !json { print("all s-ops agree at every position") }
    }

    static func red(_ s: String) -> String {
        isatty(STDOUT_FILENO) != 0 ? "\u{1B}[31m\(s)\u{1B}[0m" : s
    }
}
