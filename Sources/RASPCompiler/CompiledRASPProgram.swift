import AltaTensors
import AltaTransformer
import Craft
import RASP

/// One s-op that has residual directions in a compiled model.
public struct CompiledSOp: Sendable {
    /// The label (`map_3`).
    public let label: String
    /// Categorical (one direction per value) or numerical (one direction).
    public let encoding: Encoding
    /// Categorical: the values, in the order of ``residualIndices``. Numerical: empty.
    public let values: [Value]
    /// The residual dimensions of the s-op.
    public let residualIndices: [Int]
    /// The sublayer after which the value is in the residual: `2l` = after layer `l`'s
    /// attention, `2l+1` = after its MLP, −1 = embeddings.
    public let sublayer: Int

    /// The value held at `position` of a residual `[T, dModel]`: categorical → the value of
    /// the largest direction, or `nil` when it is below 0.5 (null); numerical → the number.
    public func decode(_ residual: Matrix, position: Int) -> Value? {
        switch encoding {
        case .numerical:
            return .float(Double(residual[position, residualIndices[0]]))
        case .categorical:
            var best = -1
            var bestScore: Float = -.infinity
            for (i, index) in residualIndices.enumerated() where residual[position, index] > bestScore {
                best = i
                bestScore = residual[position, index]
            }
            guard best >= 0, bestScore >= OutputEncoder.nullThreshold else { return nil }
            return values[best]
        }
    }
}

/// A compiled RASP program: the model plus where each s-op lives in it.
public struct CompiledRASPProgram: Sendable {
    /// The transformer. Settable so that its weights can be edited (e.g. corrupted to see
    /// `RASPConformance` find the damage); the s-op directions stay those compiled.
    public var model: TransformerModel
    /// The program's graph (labels of its expressions).
    public let graph: RASPGraph
    /// The output s-op's label.
    public let outputLabel: String
    /// Every s-op with residual directions, in computation order. Fused intermediate
    /// s-ops have none.
    public let sops: [CompiledSOp]
    /// The vocabulary, in token-id order of the input encoder (BOS and PAD excluded).
    public let vocabulary: [Value]
    /// The output values in output-encoder order (categorical outputs).
    public let outputValues: [Value]
    /// The ground-truth circuit: for every s-op with residual directions, the heads and MLP
    /// neurons that compute it, its dimensions and the s-ops it reads (`circuit.json`).
    public let circuit: GroundTruthCircuit

    /// The compiled s-op with this label.
    public func sop(labelled label: String) -> CompiledSOp? { sops.first { $0.label == label } }

    /// The compiled s-op of an expression of the program, if it has residual directions.
    public func sop(for expression: SOp) -> CompiledSOp? {
        graph.labelIfPresent(.sop(expression)).flatMap { sop(labelled: $0) }
    }

    /// The input tokens for a RASP input (BOS first).
    public func tokens(for input: [Value]) -> [String] {
        [model.inputEncoder.bos ?? "BOS"] + input.map(\.description)
    }

    /// Runs the model on RASP inputs and decodes the outputs back to RASP values (BOS
    /// position dropped; null = `nil`).
    public func run(_ inputs: [[Value]], trace: Bool = false) throws(ModelError) -> (outputs: [[Value?]], result: ForwardResult) {
        try run(inputs, options: RunOptions(trace: trace ? .full : .none))
    }

    /// Runs the model on RASP inputs with `options` (layer cap, trace level, hooks — e.g.
    /// a read hook at `HookPoint.residual(afterSublayer: sop.sublayer)` sees the residual
    /// an s-op is decoded from) and decodes the outputs (BOS position dropped; null = `nil`).
    public func run(_ inputs: [[Value]], options: RunOptions) throws(ModelError) -> (outputs: [[Value?]], result: ForwardResult) {
        let result = try model.run(inputs.map(tokens(for:)), options: options)
        let byString = Dictionary(outputValues.map { ($0.description, $0) }, uniquingKeysWith: { a, _ in a })
        let outputs = result.outputs.map { row in
            row.dropFirst().map { value -> Value? in
                switch value {
                case .null: nil
                case let .number(x): .float(Double(x))
                case let .category(s): byString[s]
                }
            }
        }
        return (outputs, result)
    }
}
