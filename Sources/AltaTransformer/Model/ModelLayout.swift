/// How the layers of a model are applied.
public enum ModelLayout: Sendable, Equatable {
    /// Each layer has its own weights and runs once, in order (Tracr, GPT-like).
    case stacked
    /// One shared layer (`layers[0]`) is applied up to `maxIterations` times, stopping a
    /// sequence early once `halting` holds at every position (a Universal Transformer).
    case looped(maxIterations: Int, halting: HaltingRule?)

    /// The number of layer applications at most.
    public func maxDepth(layerCount: Int) -> Int {
        switch self {
        case .stacked: layerCount
        case let .looped(maxIterations, _): maxIterations
        }
    }
}

/// "Stop once residual dimension `dimension` exceeds `threshold` at every position",
/// e.g. the `done:1` direction of ALTA's halting variable.
public struct HaltingRule: Sendable, Equatable, Codable {
    /// The residual dimension read.
    public let dimension: Int
    /// The value it must exceed.
    public let threshold: Float
    /// The residual label of `dimension`, for display and export.
    public let label: String

    /// A halting rule on the residual dimension labelled `label`.
    public init(dimension: Int, label: String, threshold: Float = 0.5) {
        self.dimension = dimension
        self.threshold = threshold
        self.label = label
    }
}
