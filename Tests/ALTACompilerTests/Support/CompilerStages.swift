import ALTA
import Craft
import Testing
@testable import ALTACompiler

/// The compiler's stages run one at a time on a program, as `ALTATransformerCompiler.compile`
/// chains them: analysis → exactness → residual layout → heads / MLP.
struct CompilerStages {
    let analysis: ALTAProgramAnalysis
    let exactness: ALTAExactness
    let layout: ALTAResidualLayout
    let maxLength: Int

    init(_ program: ALTAProgram, maxLength: Int, sharpness: Float? = nil) throws {
        let ruleSet = try #require(program.ruleSet, "a rule-form program")
        analysis = try ALTAProgramAnalysis(program: program, ruleSet: ruleSet, maxLength: maxLength)
        exactness = try ALTAExactness(analysis: analysis, maxLength: maxLength, sharpness: sharpness)
        layout = ALTAResidualLayout(analysis: analysis, maxLength: maxLength)
        self.maxLength = maxLength
    }

    /// The compiled MLP (`ALTAMLPCompiler`).
    func mlp() throws(ALTACompilerError) -> ALTAMLPCompiler.Output {
        try ALTAMLPCompiler(analysis: analysis, layout: layout, exactness: exactness, maxLength: maxLength).build()
    }

    /// The compiled heads (`ALTAHeadCompiler`).
    func heads() throws(ALTACompilerError) -> [CraftAttentionHead] {
        try ALTAHeadCompiler(schema: analysis.schema, layout: layout, sharpness: Double(exactness.sharpness)).build()
    }

    /// A residual vector from residual labels (`x:0`, `n`, `h.defined`…) and their values.
    func residual(_ entries: [String: Double]) throws -> VectorInBasis {
        var vector = VectorInBasis()
        for (label, value) in entries {
            let direction = try #require(layout.directions.first { $0.description == label }, "no direction \(label)")
            vector[direction] = value
        }
        return vector
    }

    /// The non-zero entries of `vector` by residual label.
    static func entries(_ vector: VectorInBasis) -> [String: Double] {
        var result: [String: Double] = [:]
        for (direction, value) in vector.components where value != 0 { result[direction.description] = value }
        return result
    }
}
