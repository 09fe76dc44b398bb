import AltaPrograms
import AltaTensors
import AltaTransformer
import ArgumentParser
import Foundation
import RASP
import RASPCompiler

/// `alta compare NAME --input …`: the evaluator against the compiled weights, s-op by
/// s-op, at the layer that computes each.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the reference evaluator with the compiled model at every layer.",
        discussion: """
            For every s-op with residual directions, decodes its subspace after the sublayer \
            that computes it and compares with the evaluator's value at every position. \
            Differences are marked with ✗ (and shown in red on a terminal). Exits non-zero \
            when anything differs.
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
        // The evaluator runs the program built for the same parameters as the compiled one.
        let parameters = try options.parameters(entry)
        let program = try CompileOptions.program(entry, parameters)
        let compiled = try options.compileRASP(entry)
        let evaluator = Evaluator(causal: parameters.causal)
        var mismatches = 0
        var reports: [[String: Any]] = []
        for tokens in try inputs.sequences() {
            let values = try RASPInput.values(tokens, vocabulary: compiled.vocabulary, program: name)
            let reference: EvaluationTrace
            // The residual after each sublayer that computes an s-op, read through hooks.
            var residuals: [Int: Matrix] = [:]
            var options = RunOptions()
            for sublayer in Set(compiled.sops.map(\.sublayer)) {
                options.hooks.read(.residual(afterSublayer: sublayer)) { _, residual in residuals[sublayer] = residual }
            }
            do {
                reference = try evaluator.trace(program, on: values)
                _ = try compiled.run([values], options: options)
            } catch {
                throw CLIError("\(name) on \(tokens.joined(separator: " ")): \(error)", cause: error)
            }
            var rows: [[String: Any]] = []
            var table = [["s-op", "after", "position", "evaluator", "compiled", ""]]
            for sop in compiled.sops {
                guard let expected = reference.values(labelled: sop.label) else { continue }
                guard let residual = residuals[sop.sublayer] else { continue }
                for (p, want) in expected.enumerated() {
                    let got = sop.decode(residual, position: p + 1)
                    let same = Self.agree(want, got, encoding: sop.encoding)
                    if !same { mismatches += 1 }
                    rows.append(["sop": sop.label, "sublayer": sop.sublayer, "position": p,
                                 "evaluator": want.map(\.jsonObject) ?? NSNull(), "compiled": got.map(\.jsonObject) ?? NSNull(),
                                 "match": same])
                    table.append([p == 0 ? sop.label : "", p == 0 ? Self.stage(sop.sublayer) : "", "\(p)",
                                  want?.description ?? "-", got?.description ?? "-", same ? "✓" : Self.red("✗")])
                }
            }
            if json {
                reports.append(["input": tokens, "comparisons": rows])
            } else {
                print("input: \(tokens.joined(separator: " "))")
                print(TextTable.render(table))
            }
        }
        if json { try JSONOutput.print(["results": reports, "mismatches": mismatches]) }
        if mismatches > 0 { throw CLIError("\(mismatches) value(s) differ between the evaluator and the compiled model") }
        if !json { print("all s-ops agree at every position") }
    }

    /// The stage name as `run --trace` and the pictures show it (`layer 1 attention`, …).
    static func stage(_ sublayer: Int) -> String {
        sublayer < 0 ? "embedding" : "\(ModelLayout.stacked.stepName(sublayer / 2)) \(sublayer % 2 == 0 ? "attention" : "mlp")"
    }

    /// Categorical values must be equal; numerical ones within Tracr's tolerance.
    static func agree(_ want: Value?, _ got: Value?, encoding: Encoding) -> Bool {
        switch (want, got) {
        case (nil, nil): return true
        case let (w?, g?):
            if encoding == .numerical, let a = w.doubleValue, let b = g.doubleValue {
                return abs(a - b) <= 1e-4 + 1e-4 * abs(a)
            }
            return w == g
        default: return false
        }
    }

    static func red(_ s: String) -> String {
        isatty(STDOUT_FILENO) != 0 ? "\u{1B}[31m\(s)\u{1B}[0m" : s
    }
}
