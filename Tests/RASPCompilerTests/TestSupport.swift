import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import RASP
import RASPCompiler
import Testing

/// The reference table, read once.
enum Reference {
    static let table: Result<TracrReference, Error> = Result {
        try TracrReference(contentsOf: LibraryResources.tracrModels)
    }

    static func load() throws -> TracrReference { try table.get() }
}

/// How compiled outputs are compared with the evaluator.
enum Match {
    /// The reference's rule, made strict about nulls: categorical values equal (null only
    /// where the evaluator gives null); numerical within `1e-7 + tolerance·|expected|`
    /// (a null numerical value counts as 0).
    static func agrees(
        _ expected: [Value?], _ actual: [Value?], numerical: Bool, tolerance: Double = 0.005
    ) -> Bool {
        guard expected.count == actual.count else { return false }
        for (e, a) in zip(expected, actual) {
            if numerical {
                let x = e?.doubleValue ?? 0
                guard let y = a?.doubleValue, abs(x - y) <= 1e-7 + tolerance * abs(x) else { return false }
            } else if e != a {
                return false
            }
        }
        return true
    }
}

/// The per-layer check: after the sublayer that computes each s-op, decoding its residual
/// directions gives the evaluator's value at every position.
enum PerLayerCheck {
    /// Runs `compiled` on `inputs`, reading the residual after every sublayer that
    /// computes an s-op through a read hook, and checks every such s-op; returns the labels
    /// checked. `context` prefixes failure messages.
    @discardableResult
    static func verify(
        _ compiled: CompiledRASPProgram, program: SOp, inputs: [[Value]], causal: Bool = false,
        tolerance: Double, context: String = ""
    ) throws -> [String] {
        // Per sequence, per sublayer: the residual after it.
        var residuals: [Int: [Int: Matrix]] = [:]
        var options = RunOptions()
        for sublayer in Set(compiled.sops.map(\.sublayer)) where sublayer >= 0 {
            options.hooks.read(.residual(afterSublayer: sublayer)) { s, residual in residuals[s, default: [:]][sublayer] = residual }
        }
        _ = try compiled.run(inputs, options: options)
        var checked: [String] = []
        for (s, input) in inputs.enumerated() {
            let evaluation = try Evaluator(causal: causal).trace(program, on: input)
            for sop in compiled.sops where sop.sublayer >= 0 {
                let expression = try #require(compiled.graph.node(labelled: sop.label)?.sop)
                let expected = try #require(evaluation.values(of: expression))
                let residual = try #require(residuals[s]?[sop.sublayer])
                let decoded = (0..<input.count).map { sop.decode(residual, position: $0 + 1) }
                #expect(Match.agrees(expected, decoded, numerical: sop.encoding == .numerical, tolerance: tolerance),
                    "\(context)\(sop.label) after sublayer \(sop.sublayer) on \(input): expected \(expected), decoded \(decoded)")
                checked.append(sop.label)
            }
        }
        return checked
    }
}
