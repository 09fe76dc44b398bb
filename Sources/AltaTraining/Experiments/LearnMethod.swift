/// The four ways `alta learn` trains a model of a program (the learning-from-traces study).
public enum LearnMethod: String, Codable, Sendable, CaseIterable {
    /// An MLP trained on the program's traces with Gaussian input noise (σ = 0.1 by
    /// default), run inside the compiled model in place of its MLP.
    case traceNoise = "trace_noise"
    /// The same without input noise.
    case trace = "trace"
    /// A standard transformer with distinct stacked blocks trained end to end on
    /// input/output pairs only.
    case endToEndStacked = "e2e_stacked"
    /// A looped transformer (one shared block, Universal-Transformer style) trained end to
    /// end on input/output pairs only.
    case endToEndLooped = "e2e_looped"

    /// The method's name in tables and plots (`noise` is the σ of `traceNoise`).
    public func label(noise: Float) -> String {
        switch self {
        case .traceNoise: "trace, σ = \(Self.format(noise))"
        case .trace: "trace, σ = 0"
        case .endToEndStacked: "end-to-end stacked"
        case .endToEndLooped: "end-to-end looped"
        }
    }

    /// `0.1`, `0.05`, `1`: the shortest text of a noise level.
    static func format(_ x: Float) -> String {
        x == x.rounded() ? String(Int(x)) : "\(x)"
    }
}
