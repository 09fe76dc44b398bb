import ALTA
import AltaTensors
import AltaTransformer

/// A program compiled to a looped transformer, with everything needed to read it back.
///
/// ```swift
/// let compiled = try program.compile(maxLength: 32)
/// let result = try compiled.model.forward(tokenIDs: [tokens], trace: true)
/// let parity = try compiled.layout.decode("parity", residual: result.finalResidual(of: 0), position: 3)
/// let outputs = try compiled.outputs(of: result.finalResidual(of: 0))   // [ALTAValue?]
/// ```
public struct ALTACompiledProgram: Sendable {
    /// The source program.
    public let program: ALTAProgram
    /// The looped transformer (one shared layer, halting rule, residual labels, encoders,
    /// exactness range in `metadata`).
    public let model: TransformerModel
    /// Where each variable lives in the residual stream, and decoding.
    public let layout: ALTAResidualLayout
    /// The derived constants and the exact range.
    public let exactness: ALTAExactness
    /// Sizes.
    public let statistics: ALTACompilationStatistics
    /// Per map-3 unit of the MLP (the rule layer), what it computes.
    public let ruleUnitRoles: [ALTAUnitRole]

    /// What map-3 unit `unit` computes, e.g. `rule 12: done=0 & done_left=1 => done: 0 -> 1`.
    public func describeRuleUnit(_ unit: Int) -> String {
        guard ruleUnitRoles.indices.contains(unit) else { return "no unit \(unit)" }
        let rules = program.ruleSet?.userRules ?? []
        switch ruleUnitRoles[unit] {
        case .rule(let r):
            return r < rules.count ? "rule \(r): \(rules[r])" : "rule \(r)"
        case .subtractCurrent(let r, let positive):
            let variable = r < rules.count ? rules[r].variable : "?"
            return "rule \(r): subtract the current \(variable) (\(positive ? "positive" : "negative") part)"
        case .reset(let variable, let part):
            return "reset \(variable)\(part)"
        }
    }

    /// The output variable at every position of a final `[T, dModel]` residual.
    public func outputs(of residual: Matrix) throws(ALTACompilerError) -> [ALTAValue?] {
        guard let block = layout.block(named: program.output) else {
            throw .invalidInput("the output variable '\(program.output)' is not in the layout")
        }
        return try (0..<residual.rows).map { (p) throws(ALTACompilerError) -> ALTAValue? in
            try layout.decode(block, residual: residual, position: p)
        }
    }
}
