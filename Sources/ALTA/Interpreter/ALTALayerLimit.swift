/// How many layers the interpreter runs.
public enum ALTALayerLimit: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this many layers (the halting condition is not consulted). 0 runs no layer.
    case exactly(Int)
    /// Layers until the halting condition holds after a layer, at most `maxLayers` (0 runs no
    /// layer). Without a halting condition this runs `maxLayers` layers.
    case untilHalt(maxLayers: Int)

    /// The largest number of layers this limit allows.
    public var maxLayers: Int {
        switch self {
        case .exactly(let n): return n
        case .untilHalt(let n): return n
        }
    }

    public var description: String {
        switch self {
        case .exactly(let n): return "exactly \(n) layers"
        case .untilHalt(let n): return "until halting, at most \(n) layers"
        }
    }
}
