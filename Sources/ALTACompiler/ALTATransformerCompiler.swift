import ALTA
import AltaTransformer
import Craft
import Foundation

/// Compiles rule-form ALTA programs into looped transformers (ALTA.md §10, with the defects of
/// §15 fixed): ALTA → Craft blocks (heads, four-map clipped-ReLU MLP) → `TransformerModel`.
///
/// ```swift
/// let compiled = try ALTATransformerCompiler.compile(program, maxLength: 20)
/// // or: try program.compile(maxLength: 20)
/// let result = try compiled.model.forward(tokenIDs: [[2, 1, 0, 1]])
/// result.layersRun        // stops by itself when the halting variable holds everywhere
/// ```
///
/// The model is exact in float32 for inputs of at most `maxLength` positions (see
/// `ALTAExactness`, recorded in `model.metadata`). Compilation throws `ALTACompilerError` for
/// function-form programs, a missing or too large `maxLength`, numerical variables without
/// buckets that the MLP needs, non-categorical halting variables, values outside a variable's
/// range, and buckets float32 cannot separate.
public enum ALTATransformerCompiler {
    /// Compiles `program`.
    ///
    /// - Parameters:
    ///   - maxLength: the longest input (positions); defaults to the program's position table,
    ///     required for programs without one; at most the position table.
    ///   - options: iteration cap, vocabulary and output names, halting, sharpness.
    public static func compile(
        _ program: ALTAProgram, maxLength: Int? = nil, options: ALTACompilerOptions = ALTACompilerOptions()
    ) throws(ALTACompilerError) -> ALTACompiledProgram {
        guard let ruleSet = program.ruleSet else { throw .functionFormProgram(program: program.name) }
        let schema = program.schema
        let length: Int
        switch (maxLength, schema.positionRange) {
        case (nil, nil):
            throw .invalidMaxLength(program: program.name, reason: "the program has no position table, so maxLength must be given")
        case (nil, let table?):
            length = table
        case (let requested?, let table):
            guard requested >= 1 else {
                throw .invalidMaxLength(program: program.name, reason: "maxLength must be at least 1, got \(requested)")
            }
            if let table, requested > table {
                throw .invalidMaxLength(program: program.name, reason: "maxLength \(requested) exceeds the position table (\(table) positions)")
            }
            length = requested
        }
        guard options.maxLayers >= 1 else { throw .invalidOption("maxLayers must be at least 1, got \(options.maxLayers)") }
        if let tokens = options.tokens, tokens.count != schema.inputRange {
            throw .invalidOption("\(tokens.count) token names for an input range of \(schema.inputRange)")
        }

        var clock = DispatchTime.now().uptimeNanoseconds
        var phases: [String: Double] = [:]
        func lap(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            phases[name, default: 0] += Double(now - clock) / 1e9
            clock = now
        }
        let analysis = try ALTAProgramAnalysis(program: program, ruleSet: ruleSet, maxLength: length)
        let exactness = try ALTAExactness(analysis: analysis, maxLength: length, sharpness: options.attentionSharpness)
        let layout = ALTAResidualLayout(analysis: analysis, maxLength: length)
        lap("analysis")
        let heads = try ALTAHeadCompiler(schema: schema, layout: layout, sharpness: Double(exactness.sharpness)).build()
        lap("heads")
        let mlp = try ALTAMLPCompiler(analysis: analysis, layout: layout, exactness: exactness, maxLength: length).build()
        lap("mlp")
        let embeddings = ALTAEmbeddings(schema: schema, layout: layout)
        let residual = layout.space

        let tokenNames = options.tokens ?? (0..<schema.inputRange).map(String.init)
        guard tokenNames.count == schema.inputRange else {
            throw .invalidOption("\(tokenNames.count) input token names for an input range of \(schema.inputRange)")
        }
        let tokenRows = try embeddings.tokenRows()
        let tokens = zip(tokenNames, tokenRows).map { TokenEmbedding(token: $0, vector: $1) }
        let positions = try embeddings.positionRows(maxLength: length)

        guard let outputBlock = layout.block(named: program.output) else {
            throw .assembly("output variable '\(program.output)' is not in the layout")
        }
        let output: OutputSpace
        switch outputBlock.kind {
        case .numerical:
            output = .numerical(layout.directions[outputBlock.numberDimension])
        case .categorical(let range), .set(let range, _):
            let names = options.outputValues ?? (0..<range).map(String.init)
            guard names.count == range else {
                throw .invalidOption("\(names.count) output value names for '\(program.output)' with range \(range)")
            }
            output = .categorical(directions: outputBlock.dimensions.map { layout.directions[$0] }, values: names)
        }

        var halting: HaltingCondition? = nil
        if options.compileHalting, let halt = program.halt {
            guard let block = layout.block(named: halt.variable), case .categorical = block.kind, case .int(let v) = halt.value else {
                throw .unsupportedHalting(variable: halt.variable, reason: "only categorical halting variables can be read from one residual direction")
            }
            halting = HaltingCondition(direction: layout.directions[block.dimension(of: v)], threshold: 0.5)
        }

        var metadata = exactness.metadata()
        metadata["compiler"] = "ALTACompiler"
        metadata["alta.program"] = program.name
        metadata["alta.output"] = program.output
        metadata["alta.max_layers"] = String(options.maxLayers)
        if let halt = program.halt { metadata["alta.halting"] = options.compileHalting ? "\(halt)" : "not compiled (\(halt))" }
        metadata["alta.mlp.hidden"] = mlp.widths.map(String.init).joined(separator: ",")
        metadata["alta.rules"] = "\(mlp.ruleUnits) rule units, \(mlp.resetUnits) reset units, \(mlp.numericalUpdateUnits) numerical update units"

        let configuration = AssemblyConfiguration(
            residual: residual, tokens: tokens, positions: positions, output: output,
            layout: .looped(maxIterations: options.maxLayers, halting: halting),
            attentionScaling: .fixed(1), mlpDepth: 4, mlpActivation: .clippedReLU,
            sparseFill: options.sparseFill, metadata: metadata)
        lap("embeddings")
        var model: TransformerModel
        do {
            model = try CraftModel(layers: [CraftLayer(heads: heads, mlp: mlp.mlp)]).assemble(configuration)
        } catch {
            throw .assembly("\(error)")
        }
        model.textEncoding = options.textEncoding
        lap("assembly")
        let statistics = ALTACompilationStatistics(
            variables: schema.variables.count, programHeads: schema.heads.count, modelHeads: heads.count,
            dModel: layout.dModel, hiddenWidths: mlp.widths, ruleUnits: mlp.ruleUnits, resetUnits: mlp.resetUnits,
            numericalUpdateUnits: mlp.numericalUpdateUnits, parameters: model.parameterCount,
            nonZeroParameters: model.nonZeroCount, rules: program.ruleStatistics, phaseSeconds: phases)
        return ALTACompiledProgram(
            program: program, model: model, layout: layout, exactness: exactness, statistics: statistics,
            ruleUnitRoles: mlp.roles)
    }
}

extension ALTAProgram {
    /// Compiles the program into a looped transformer (`ALTATransformerCompiler.compile`).
    public func compile(maxLength: Int? = nil, options: ALTACompilerOptions = ALTACompilerOptions())
        throws(ALTACompilerError) -> ALTACompiledProgram
    {
        try ALTATransformerCompiler.compile(self, maxLength: maxLength, options: options)
    }
}
