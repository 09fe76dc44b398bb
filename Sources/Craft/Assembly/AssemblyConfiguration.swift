import AltaTensors
import AltaTransformer

/// The output a model decodes: which residual directions, and how.
public enum OutputSpace: Sendable, Hashable {
    /// One output column per direction (argmax decoding); `values[i]` names direction `i`'s
    /// value for the output encoder.
    case categorical(directions: [BasisDirection], values: [String])
    /// A single direction holding the number itself.
    case numerical(BasisDirection)

    /// Categorical over `space`, values printed from the directions' values.
    public static func categorical(_ space: VectorSpace) -> OutputSpace {
        .categorical(
            directions: space.basis,
            values: space.basis.map { $0.value.map(\.description) ?? $0.name })
    }

    /// The directions read.
    public var directions: [BasisDirection] {
        switch self {
        case let .categorical(directions, _): directions
        case let .numerical(direction): [direction]
        }
    }
}

/// How attention logits are scaled at run time.
public enum AttentionScaling: Sendable, Hashable {
    /// Multiply by this factor (1 = the craft logits are the run-time logits).
    case fixed(Float)
    /// Tracr: divide by √K, K = the widest head (query, key or output width), so the
    /// craft logits are softened at run time.
    case inverseSqrtKeySize
}

/// "Stop once `direction` exceeds `threshold` at every position" (a looped model's halting).
public struct HaltingCondition: Sendable, Hashable {
    /// The residual direction read (e.g. ALTA's `done:1`).
    public var direction: BasisDirection
    /// The value it must exceed.
    public var threshold: Float

    /// A halting condition on `direction`.
    public init(direction: BasisDirection, threshold: Float = 0.5) {
        self.direction = direction
        self.threshold = threshold
    }
}

/// How the assembled layers are applied.
public enum AssemblyLayout: Sendable, Hashable {
    /// Each layer once, in order.
    case stacked
    /// The single layer up to `maxIterations` times, stopping a sequence early once
    /// `halting` holds at every position.
    case looped(maxIterations: Int, halting: HaltingCondition?)
}

/// One input token and the residual vector its embedding row holds.
public struct TokenEmbedding: Sendable, Hashable {
    /// The token as the input encoder spells it.
    public var token: String
    /// The embedding row.
    public var vector: VectorInBasis

    /// A token and its embedding.
    public init(token: String, vector: VectorInBasis) {
        self.token = token
        self.vector = vector
    }
}

/// Everything besides the layers that a ``TransformerModel`` needs.
public struct AssemblyConfiguration: Sendable {
    /// The residual stream, in order; every block's directions must be in it.
    public var residual: VectorSpace
    /// The token embedding rows, in id order.
    public var tokens: [TokenEmbedding]
    /// `[maxSequenceLength]`: the position embedding rows (position 0 first).
    public var positions: [VectorInBasis]
    /// What the model outputs.
    public var output: OutputSpace
    /// The BOS token every input starts with, if any (must be one of `tokens`).
    public var bos: String?
    /// The padding token, if any (must be one of `tokens`).
    public var pad: String?
    /// Stacked or looped.
    public var layout: AssemblyLayout
    /// Run-time logit scaling.
    public var attentionScaling: AttentionScaling
    /// Whether queries see only keys at or before them.
    public var causal: Bool
    /// The depth (number of linear maps) of every MLP, used for empty MLP sublayers.
    public var mlpDepth: Int
    /// The activation of empty MLP sublayers (non-empty ones bring their own).
    public var mlpActivation: Activation
    /// Weight matrices with at most this fraction of non-zeros are stored sparse.
    public var sparseFill: Double
    /// Recorded in the model.
    public var metadata: [String: String]

    /// A configuration; see the properties for the meaning of each argument.
    public init(
        residual: VectorSpace, tokens: [TokenEmbedding], positions: [VectorInBasis],
        output: OutputSpace, bos: String? = nil, pad: String? = nil,
        layout: AssemblyLayout = .stacked, attentionScaling: AttentionScaling = .fixed(1),
        causal: Bool = false, mlpDepth: Int = 2, mlpActivation: Activation = .relu,
        sparseFill: Double = 0.1, metadata: [String: String] = [:]
    ) {
        self.residual = residual
        self.tokens = tokens
        self.positions = positions
        self.output = output
        self.bos = bos
        self.pad = pad
        self.layout = layout
        self.attentionScaling = attentionScaling
        self.causal = causal
        self.mlpDepth = mlpDepth
        self.mlpActivation = mlpActivation
        self.sparseFill = sparseFill
        self.metadata = metadata
    }
}
