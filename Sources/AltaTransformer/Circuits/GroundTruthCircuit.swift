import Foundation

/// `circuit.json`: the ground-truth circuit of a compiled RASP program, written beside its
/// export — for every s-op with residual directions, the layer that computes it, the heads
/// and MLP neurons that do, the residual dimensions it occupies and the s-ops it reads.
/// This is what circuit-discovery benchmarks (InterpBench, TracrBench) score a method's
/// circuit against; component names follow InterpBench's (`embed`, `pos_embed`,
/// `blocks.L.attn[H]`, `blocks.L.mlp`).
///
/// S-ops are listed in computation order (embeddings first, then by the sublayer after
/// which they are in the residual, then in the program's operands-first order); every list
/// inside is sorted, so the file of a program is the same on every compile.
public struct GroundTruthCircuit: Codable, Equatable, Sendable {
    /// The file name inside an export folder.
    public static let fileName = "circuit.json"
    /// The schema version this Alta writes and reads.
    public static let formatVersion = 1

    /// The schema version (``formatVersion``).
    public var format_version: Int
    /// The program that wrote the file.
    public var producer: String
    /// The label of the program's output s-op.
    public var program_output: String
    /// Layers of the model.
    public var n_layers: Int
    /// Width of the residual stream.
    public var d_model: Int
    /// Every s-op with residual directions, in computation order.
    public var sops: [SOp]

    /// A circuit written by this version of Alta.
    public init(program_output: String, n_layers: Int, d_model: Int, sops: [SOp]) {
        format_version = Self.formatVersion
        producer = AltaVersion.producer
        self.program_output = program_output
        self.n_layers = n_layers
        self.d_model = d_model
        self.sops = sops
    }

    /// One residual dimension: its index in the residual stream and its label (`name:value`,
    /// or the bare name of a numerical s-op).
    public struct Dimension: Codable, Equatable, Hashable, Sendable {
        /// Index in the residual stream (`0..<d_model`).
        public var index: Int
        /// The residual label at that index (`config.json`'s `alta.residual_labels`).
        public var label: String

        /// A dimension.
        public init(index: Int, label: String) {
            self.index = index
            self.label = label
        }
    }

    /// Where an s-op's value becomes available.
    public enum Sublayer: String, Codable, Sendable {
        /// The token or position embedding (`tokens`, `indices`).
        case embed
        /// Layer `layer`'s attention sublayer.
        case attn
        /// Layer `layer`'s MLP sublayer.
        case mlp
    }

    /// One s-op of the program and the model components that compute it.
    public struct SOp: Codable, Equatable, Sendable {
        /// The s-op's label (`reverse`, `map_3`).
        public var label: String
        /// What computes it: `tokens`, `indices`, `map`, `sequence_map`,
        /// `linear_sequence_map`, `aggregate`, `numerical_sum`, `selector_width`, or `tuple`
        /// (a synthetic s-op the compiler adds for a composite selector's operands).
        public var kind: String
        /// `categorical` (one dimension per value) or `numerical` (one dimension).
        public var encoding: String
        /// The layer after whose ``sublayer`` the value is in the residual; `nil` for the
        /// embeddings.
        public var layer: Int?
        /// The sublayer that finishes computing it.
        public var sublayer: Sublayer
        /// The residual dimensions it occupies, by index.
        public var dims: [Dimension]
        /// The s-ops it reads directly (labels of other entries), sorted.
        public var reads: [String]
        /// S-ops of the program with no residual directions of their own, folded by the
        /// compiler into this s-op's components (their high-level nodes align with them),
        /// sorted.
        public var fused: [String]
        /// The selector an attention s-op's heads implement, if any.
        public var selector: String?
        /// The components that compute it, in model order.
        public var components: [Component]

        /// An s-op entry.
        public init(
            label: String, kind: String, encoding: String, layer: Int?, sublayer: Sublayer, dims: [Dimension],
            reads: [String], fused: [String], selector: String?, components: [Component]
        ) {
            self.label = label
            self.kind = kind
            self.encoding = encoding
            self.layer = layer
            self.sublayer = sublayer
            self.dims = dims
            self.reads = reads
            self.fused = fused
            self.selector = selector
            self.components = components
        }
    }

    /// A model component: an embedding, one attention head, or the neurons of one layer's
    /// MLP that compute one s-op.
    public struct Component: Codable, Equatable, Sendable {
        /// What kind of component.
        public enum Kind: String, Codable, Sendable {
            /// The token embedding (`hook_embed`).
            case embed
            /// The position embedding (`hook_pos_embed`).
            case pos_embed
            /// Head ``head`` of layer ``layer``.
            case attention_head
            /// Hidden neurons ``neurons`` of layer ``layer``'s MLP.
            case mlp
        }

        /// What kind of component.
        public var kind: Kind
        /// InterpBench's node name: `embed`, `pos_embed`, `blocks.L.attn[H]`, `blocks.L.mlp`.
        public var name: String
        /// The layer (heads and MLPs).
        public var layer: Int?
        /// The head index within the layer (heads).
        public var head: Int?
        /// The hidden neurons of the layer's MLP (first hidden layer, the columns of
        /// `blocks.L.mlp.hook_post`), sorted (MLPs).
        public var neurons: [Int]?
        /// The residual dimensions the component writes, by index (for a SelectorWidth's
        /// head, its hidden attention-output dimension, which the s-op's MLP reads and
        /// clears).
        public var writes: [Dimension]

        /// A component.
        public init(kind: Kind, name: String, layer: Int?, head: Int?, neurons: [Int]?, writes: [Dimension]) {
            self.kind = kind
            self.name = name
            self.layer = layer
            self.head = head
            self.neurons = neurons
            self.writes = writes
        }

        /// Whether ablation applies (heads and MLPs; embeddings are inputs).
        public var isAblatable: Bool { kind == .attention_head || kind == .mlp }
    }

    /// The s-op labelled `label`.
    public func sop(labelled label: String) -> SOp? { sops.first { $0.label == label } }

    /// Every s-op that reads `label`, directly or through others (not `label` itself).
    public func dependents(of label: String) -> Set<String> {
        var users: [String: [String]] = [:]
        for sop in sops {
            for read in sop.reads { users[read, default: []].append(sop.label) }
        }
        var found: Set<String> = []
        var stack = [label]
        while let next = stack.popLast() {
            for user in users[next] ?? [] where found.insert(user).inserted { stack.append(user) }
        }
        found.remove(label)
        return found
    }

    /// The file's JSON bytes (pretty-printed, keys sorted).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
