import AltaTensors
import AltaTransformer
import Craft
import Foundation
import RASP

/// Compiles RASP programs (Tracr semantics) into stacked transformers.
///
/// Tracr's staging (`compiler/compiling.py`), each stage a call whose result the next
/// consumes: checks of the settings (BOS/PAD, vocabulary) → validation (``RASPValidator``'s
/// static rules) → value sets (``RASPValidator/valueSets(_:vocabulary:maxSeqLen:)``, i.e.
/// ``ValueSetInference``, checked) → plan (``PlanGraph``: nodes and selectors;
/// ``FusionPlan``: which s-ops get residual directions) → allocation (``LayerSchedule``:
/// earliest sublayer per block) → build (weight constructions, ``BlockBuilder``) → Craft
/// assembly.
public enum RASPModelCompiler {
    /// Compiles `program` for inputs over `vocabulary` of length 1…`maxSeqLen`.
    ///
    /// - Parameters:
    ///   - causal: compile for causal attention (the model masks keys after the query; the
    ///     reference is the causal evaluator).
    ///   - bos, pad: the beginning-of-sequence and padding tokens (not in the vocabulary).
    /// - Returns: the model and the location of every s-op in its residual stream.
    /// - Throws: ``RASPCompileError`` naming the expression and the reason.
    public static func compile(
        _ program: SOp, vocabulary: [Value], maxSeqLen: Int, causal: Bool = false,
        bos: String = "BOS", pad: String = "PAD", options: RASPCompilerOptions = RASPCompilerOptions()
    ) throws(RASPCompileError) -> CompiledRASPProgram {
        guard maxSeqLen >= 1 else { throw .invalidMaxSeqLen(maxSeqLen) }
        // The residual holds a direction per index and the position embedding a row per
        // position, so the embedding alone is at least maxSeqLen² floats: refuse a length
        // beyond the memory limit before building value sets over it.
        let memoryLimit: MemoryLimit
        do {
            memoryLimit = try MemoryLimit.current()
            try memoryLimit.check(
                MemoryLimit.bytes(of: [maxSeqLen, maxSeqLen]), for: "a model for inputs of length \(maxSeqLen) (its position embedding alone)")
        } catch {
            throw .memory(error)
        }
        let vocabulary = OrderedValueSet(vocabulary).values
        var printed = Set<String>()
        for value in vocabulary {
            let token = value.description
            if token == bos { throw .bosInVocabulary(bos) }
            if token == pad { throw .padInVocabulary(pad) }
            guard printed.insert(token).inserted else { throw .ambiguousVocabulary(token) }
        }
        if pad == bos { throw .padInVocabulary(pad) }

        let graph = try plan(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen, options: options)
        let budget = ExactnessBudget(maxSeqLen: maxSeqLen)
        // Plan, schedule and build; a node whose gated table turns out too noisy in float32
        // is planned again without it.
        var ungated: Set<NodeID> = []
        var built: (plan: FusionPlan, schedule: LayerSchedule, builder: BlockBuilder, layers: [CraftLayer], blocks: CircuitBlocks)?
        while built == nil {
            let plan = FusionPlan(graph: graph, options: options, ungated: ungated)
            try LookupTableSize.check(graph: graph, plan: plan, limit: memoryLimit)
            let schedule = LayerSchedule(graph: graph, plan: plan)
            var builder = BlockBuilder(graph: graph, plan: plan, options: options, budget: budget, bos: bos, pad: pad)
            if let (layers, blocks) = try buildLayers(graph: graph, plan: plan, schedule: schedule, builder: &builder, ungated: &ungated) {
                built = (plan, schedule, builder, layers, blocks)
            }
        }
        guard let (plan, schedule, builder, layers, blocks) = built else {
            throw .assembly("no plan was built")
        }
        let craftModel = CraftModel(layers: layers)

        // Residual: every block's directions, the token and index spaces, the output.
        let tokensNode = graph.node(labelled: "tokens")!
        let tokenSpace = VectorSpace(
            graph.nodes[tokensNode].values.map { BasisDirection("tokens", $0) } + [builder.bos, builder.pad])
        let indexSpace = VectorSpace((0..<maxSeqLen).map { BasisDirection("indices", .int($0)) })
        let outputSpace = builder.space(of: graph.output)
        let residual = VectorSpace.join([craftModel.residualSpace, tokenSpace, indexSpace, outputSpace])
        let hasOne = residual.contains(builder.one)
        let tokens = tokenSpace.basis.map { d -> TokenEmbedding in
            TokenEmbedding(token: d.value?.description ?? d.name, vector: .basis(d) + (hasOne ? .basis(builder.one) : .zero))
        }
        let positions = [VectorInBasis.zero] + indexSpace.basis.map { VectorInBasis.basis($0) }
        let output: OutputSpace = graph.nodes[graph.output].encoding == .numerical
            ? .numerical(builder.scalarDirection(graph.output)) : .categorical(outputSpace)
        var metadata: [String: String] = [
            "compiler": "alta-rasp",
            "program_output": graph.nodes[graph.output].label,
            "max_seq_len": String(maxSeqLen),
            "exact_max_seq_len": String(maxSeqLen),
            "exact_range": "every input of length 1...\(maxSeqLen) (float32)",
            "softmax_coldness": String(budget.coldness),
            "attention_scale": "1 (softmax coldness folded into W_QK)",
            "causal": String(causal),
            "bos": bos,
            "pad": pad,
            "pad_keys_masked": String(options.maskPadKeys),
            "fused_mlps": String(options.fuseMLPs),
        ]
        if builder.worstNumericalError > 0 {
            metadata["numerical_relative_error_bound"] = String(format: "%.3g", builder.worstNumericalError)
        }
        if !builder.sumReports.isEmpty {
            metadata["sum_heads"] = builder.sumReports.map(\.description).joined(separator: "; ")
        }
        let configuration = AssemblyConfiguration(
            residual: residual, tokens: tokens, positions: positions, output: output, bos: bos, pad: pad,
            layout: .stacked, attentionScaling: .fixed(1), causal: causal, mlpDepth: 2, mlpActivation: .relu,
            sparseFill: options.sparseFill, metadata: metadata)
        let model = try builder.craft { () throws(CraftError) -> TransformerModel in
            try craftModel.assemble(configuration)
        }

        let sops = graph.nodes.enumerated().compactMap { id, node -> CompiledSOp? in
            guard plan.materialized.contains(id), node.sop != nil else { return nil }
            let directions = builder.space(of: id).basis
            return CompiledSOp(
                label: node.label, encoding: node.encoding,
                values: node.encoding == .categorical ? directions.compactMap(\.value) : [],
                residualIndices: directions.map { residual.index(of: $0)! },
                sublayer: schedule.ready[id] ?? -1)
        }
        let outputValues = graph.nodes[graph.output].encoding == .categorical
            ? outputSpace.basis.compactMap(\.value) : []
        let circuit = CircuitExtraction(
            graph: graph, plan: plan, schedule: schedule, layers: layers, blocks: blocks, residual: residual
        ).circuit()
        return CompiledRASPProgram(
            model: model, graph: graph.raspGraph, outputLabel: graph.nodes[graph.output].label, sops: sops,
            vocabulary: graph.nodes[tokensNode].values, outputValues: outputValues, circuit: circuit)
    }

    /// The first stages, each consuming the previous one's result: ``validate(_:with:)`` →
    /// ``valueSets(_:vocabulary:maxSeqLen:with:)`` → ``PlanGraph``.
    static func plan(
        _ program: SOp, vocabulary: [Value], maxSeqLen: Int, options: RASPCompilerOptions
    ) throws(RASPCompileError) -> PlanGraph {
        let validator = RASPValidator(options: options.validationOptions)
        try validate(program, with: validator)
        let sets = try valueSets(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen, with: validator)
        return try PlanGraph(valueSets: sets, options: options)
    }

    /// Validation: the validator's static rules; the first reason found is thrown.
    static func validate(_ program: SOp, with validator: RASPValidator) throws(RASPCompileError) {
        if let error = validator.staticErrors(program).first { throw RASPCompileError(error) }
    }

    /// Value-set inference (``ValueSetInference``, checked by the validator's value-set stage);
    /// the first reason found is thrown.
    static func valueSets(
        _ program: SOp, vocabulary: [Value], maxSeqLen: Int, with validator: RASPValidator
    ) throws(RASPCompileError) -> ValueSets {
        do {
            return try validator.valueSets(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen)
        } catch {
            throw error.errors.first.map(RASPCompileError.init) ?? .assembly("value-set validation gave no reason")
        }
    }

    /// The craft layers of one plan with the node owning each block, or `nil` after adding
    /// to `ungated` a node whose gated discretisation is too noisy (the plan must then be
    /// redone).
    private static func buildLayers(
        graph: PlanGraph, plan: FusionPlan, schedule: LayerSchedule, builder: inout BlockBuilder,
        ungated: inout Set<NodeID>
    ) throws(RASPCompileError) -> (layers: [CraftLayer], blocks: CircuitBlocks)? {
        var heads = [[CraftAttentionHead]](repeating: [], count: schedule.layerCount)
        var blocks = CircuitBlocks(layerCount: schedule.layerCount)
        func add(_ id: NodeID, heads new: [CraftAttentionHead], layer: Int) {
            heads[layer] += new
            blocks.heads[layer] += new.map { _ in id }
        }
        for (id, node) in graph.nodes.enumerated() where plan.materialized.contains(id) {
            let sublayer = schedule.ready[id] ?? -1
            switch node.kind {
            case .tokens, .indices:
                continue
            case .aggregate:
                add(id, heads: [try builder.aggregateHead(id)], layer: sublayer / 2)
            case .sum:
                add(id, heads: try builder.sumHeads(id), layer: sublayer / 2)
            case .selectorWidth:
                let (head, mlp) = try builder.selectorWidth(id)
                add(id, heads: [head], layer: sublayer / 2)
                blocks.mlps[sublayer / 2].append((id, mlp))
            case .map, .sequenceMap, .linear, .tuple:
                guard let computation = plan.computations[id] else { continue }
                switch computation {
                case let .lookup(leaves, tree):
                    blocks.mlps[sublayer / 2].append((id, try builder.lookupMLP(id, leaves: leaves, tree: tree)))
                case let .linear(form):
                    blocks.mlps[sublayer / 2].append((id, try builder.linearMLP(id, form: form)))
                case let .scalar(gates, form, domain, tree):
                    guard let mlp = try builder.scalarMLP(id, gates: gates, form: form, domain: domain, tree: tree) else {
                        ungated.insert(id)
                        return nil
                    }
                    blocks.mlps[sublayer / 2].append((id, mlp))
                }
            }
        }
        var layers: [CraftLayer] = []
        for l in 0..<schedule.layerCount {
            layers.append(try builder.craft { () throws(CraftError) -> CraftLayer in
                try CraftLayer(heads: heads[l], mlps: blocks.mlps[l].map(\.mlp))
            })
        }
        return (layers, blocks)
    }
}
