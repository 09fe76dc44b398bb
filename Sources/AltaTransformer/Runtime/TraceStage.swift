import AltaTensors

/// One residual snapshot of a forward trace, named the way every text trace and picture
/// shows it: `embedding`, then per layer application `layer N` (stacked) or `iteration N`
/// (looped) with its `attention` and `mlp` sublayers, counted from 1 (layer N's weights are
/// the exported `blocks.N-1`).
public struct TraceStage: Sendable {
    /// `layer N` / `iteration N`, or `nil` for the embedding.
    public let step: String?
    /// `embedding`, `attention` or `mlp`.
    public let sublayer: String
    /// `[T, dModel]`: the residual after this stage.
    public let residual: Matrix

    /// `embedding`, or e.g. `layer 2 attention`.
    public var title: String { step.map { "\($0) \(sublayer)" } ?? sublayer }
}

extension ModelLayout {
    /// The name of layer application `step` (0-based): `layer N` for stacked models,
    /// `iteration N` for looped ones, counted from 1.
    public func stepName(_ step: Int) -> String {
        switch self {
        case .stacked: "layer \(step + 1)"
        case .looped: "iteration \(step + 1)"
        }
    }

    /// Whether every sequence runs the full depth: a stacked model, or a looped one without
    /// a halting rule (e.g. ALTA programs that always run a fixed number of layers).
    public var isFixedDepth: Bool {
        switch self {
        case .stacked: true
        case let .looped(_, halting): halting == nil
        }
    }
}

extension SequenceTrace {
    /// The embedding, then the residual after every attention and MLP sublayer, in order.
    public func stages(layout: ModelLayout) -> [TraceStage] {
        var result = [TraceStage(step: nil, sublayer: "embedding", residual: embedding)]
        for layer in layers {
            let name = layout.stepName(layer.step)
            result.append(TraceStage(step: name, sublayer: "attention", residual: layer.afterAttention))
            result.append(TraceStage(step: name, sublayer: "mlp", residual: layer.afterMLP))
        }
        return result
    }
}
