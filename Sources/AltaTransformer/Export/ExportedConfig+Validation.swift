import AltaTensors

extension ExportedConfig {
    /// The `alta.format_version` this Alta writes and reads.
    public static let formatVersion = 1

    /// Checks every field of the config on its own and against the others, before any
    /// tensor is read; the error names the field at fault
    /// (e.g. `config.json: field 'n_heads' must be at least 1, got 0`).
    public func validate() throws(ExportError) {
        let a = alta
        try Self.require(a.format_version == Self.formatVersion, "alta.format_version",
                         "is \(a.format_version), but this Alta reads format \(Self.formatVersion) only")
        try Self.atLeast(1, n_layers, "n_layers")
        try Self.atLeast(1, d_model, "d_model")
        try Self.atLeast(1, d_head, "d_head")
        try Self.atLeast(1, n_heads, "n_heads")
        try Self.atLeast(1, d_mlp, "d_mlp")
        try Self.atLeast(1, d_vocab, "d_vocab")
        try Self.atLeast(0, d_vocab_out, "d_vocab_out")
        try Self.atLeast(1, n_ctx, "n_ctx")

        // Activation, normalisation, attention direction and scale.
        let activations = Activation.allCases.map(\.rawValue)
        try Self.require(Activation(rawValue: a.mlp_activation) != nil, "alta.mlp_activation",
                         "'\(a.mlp_activation)' is not one of \(activations)")
        try Self.require(act_fn == a.mlp_activation, "act_fn",
                         "is '\(act_fn)' but alta.mlp_activation is '\(a.mlp_activation)'")
        if let normalization_type {
            try Self.require(normalization_type == "LN", "normalization_type", "is '\(normalization_type)'; Alta writes 'LN' or null")
        }
        try Self.require(["causal", "bidirectional"].contains(attention_dir), "attention_dir",
                         "'\(attention_dir)' is neither 'causal' nor 'bidirectional'")
        try Self.require((attention_dir == "causal") == a.causal, "attention_dir",
                         "is '\(attention_dir)' but alta.causal is \(a.causal)")
        try Self.require(positional_embedding_type == "standard", "positional_embedding_type",
                         "is '\(positional_embedding_type)'; Alta models use 'standard'")
        try Self.require(a.attention_scale.isFinite && a.attention_scale != 0, "alta.attention_scale",
                         "must be finite and non-zero, got \(a.attention_scale)")
        try Self.require(attn_scale.isFinite && attn_scale != 0, "attn_scale", "must be finite and non-zero, got \(attn_scale)")
        let folded = a.query_scale ?? 1
        try Self.require(folded.isFinite && folded != 0, "alta.query_scale", "must be finite and non-zero, got \(folded)")
        // What TransformerLens computes from the stored weights must be the model's scale.
        let effective = Double(folded) / (use_attn_scale ? attn_scale : 1)
        try Self.require(abs(effective - Double(a.attention_scale)) <= 1e-4 * abs(Double(a.attention_scale)), "attn_scale",
                         "is \(attn_scale) with use_attn_scale \(use_attn_scale) and alta.query_scale \(folded), which scale "
                         + "attention by \(effective), but alta.attention_scale is \(a.attention_scale)")
        if let epsilon = a.layer_norm_epsilon {
            try Self.require(epsilon.isFinite && epsilon > 0, "alta.layer_norm_epsilon", "must be finite and positive, got \(epsilon)")
        }

        // Layout and halting.
        switch a.layout {
        case "stacked":
            try Self.require(a.max_iterations == nil, "alta.max_iterations", "is set but the layout is 'stacked'")
            try Self.require(a.halting == nil, "alta.halting", "is set but the layout is 'stacked'")
        case "looped":
            guard let cap = a.max_iterations else {
                throw .invalidConfig(field: "alta.max_iterations", reason: "is required for a looped model")
            }
            try Self.atLeast(1, cap, "alta.max_iterations")
            try Self.require(n_layers == 1, "n_layers", "must be 1 for a looped model, got \(n_layers)")
            if let halting = a.halting {
                try Self.require(halting.dimension >= 0 && halting.dimension < d_model, "alta.halting.dimension",
                                 "must be in 0..<\(d_model) (d_model), got \(halting.dimension)")
                try Self.require(halting.threshold.isFinite, "alta.halting.threshold", "must be finite, got \(halting.threshold)")
            }
        default:
            throw .invalidConfig(field: "alta.layout", reason: "'\(a.layout)' is neither 'stacked' nor 'looped'")
        }

        // Labels and encoders.
        try Self.require(a.residual_labels.count == d_model, "alta.residual_labels",
                         "has \(a.residual_labels.count) labels but d_model is \(d_model)")
        try Self.require(a.input_tokens.count == d_vocab, "alta.input_tokens",
                         "has \(a.input_tokens.count) tokens but d_vocab is \(d_vocab)")
        var seen = Set<String>()
        for (i, token) in a.input_tokens.enumerated() where !seen.insert(token).inserted {
            throw .invalidConfig(field: "alta.input_tokens[\(i)]", reason: "repeats the token '\(token)'")
        }
        if let bos = a.bos_token {
            try Self.require(seen.contains(bos), "alta.bos_token", "'\(bos)' is not among alta.input_tokens")
        }
        if let pad = a.pad_token {
            try Self.require(seen.contains(pad), "alta.pad_token", "'\(pad)' is not among alta.input_tokens")
        }
        if a.numerical_output {
            try Self.require(a.output_values == nil, "alta.output_values", "is set but alta.numerical_output is true")
            try Self.require(d_vocab_out == 1, "d_vocab_out", "must be 1 for a numerical output, got \(d_vocab_out)")
        } else {
            guard let values = a.output_values else {
                throw .invalidConfig(field: "alta.output_values", reason: "is required for a categorical output")
            }
            try Self.require(values.count == d_vocab_out, "alta.output_values",
                             "has \(values.count) values but d_vocab_out is \(d_vocab_out)")
        }
        if let encoding = a.text_encoding { try Self.validate(encoding, tokens: seen, maxLength: n_ctx) }

        // Heads.
        try Self.require(a.heads.count == n_layers, "alta.heads",
                         "has \(a.heads.count) entries but n_layers is \(n_layers)")
        for (l, shapes) in a.heads.enumerated() {
            try Self.require(shapes.count <= n_heads, "alta.heads[\(l)]", "lists \(shapes.count) heads but n_heads is \(n_heads)")
            for (h, s) in shapes.enumerated() {
                let field = "alta.heads[\(l)][\(h)]"
                try Self.require(s.d_head >= 0 && s.d_head <= d_head, "\(field).d_head", "must be in 0...\(d_head) (d_head), got \(s.d_head)")
                try Self.require(s.d_value >= 0 && s.d_value <= d_head, "\(field).d_value", "must be in 0...\(d_head) (d_head), got \(s.d_value)")
                if let sink = s.sink_logit {
                    try Self.require(sink.isFinite, "\(field).sink_logit", "must be finite, got \(sink)")
                }
            }
        }

        // MLPs: the depth first (it bounds everything sized by it), then every width.
        try Self.atLeast(1, a.mlp_depth, "alta.mlp_depth")
        try Self.require(a.mlp_hidden_widths.count == n_layers, "alta.mlp_hidden_widths",
                         "has \(a.mlp_hidden_widths.count) entries but n_layers is \(n_layers)")
        for (l, widths) in a.mlp_hidden_widths.enumerated() where widths.count != a.mlp_depth - 1 {
            if l == 0 {
                throw .invalidConfig(field: "alta.mlp_depth",
                                     reason: "is \(a.mlp_depth) but alta.mlp_hidden_widths[0] lists \(widths.count) hidden widths (depth \(widths.count + 1))")
            }
            throw .invalidConfig(field: "alta.mlp_hidden_widths[\(l)]",
                                 reason: "lists \(widths.count) hidden widths but alta.mlp_depth \(a.mlp_depth) needs \(a.mlp_depth - 1)")
        }
        for (l, widths) in a.mlp_hidden_widths.enumerated() {
            for (k, w) in widths.enumerated() {
                try Self.atLeast(0, w, "alta.mlp_hidden_widths[\(l)][\(k)]")
            }
        }
        let firstPadded = paddedMLPWidths.first ?? 1
        try Self.require(d_mlp == firstPadded, "d_mlp", "is \(d_mlp) but the widest first MLP hidden layer is \(firstPadded)")
    }

    /// The stored (padded) MLP hidden widths: the widest of every layer at each depth
    /// position, at least 1. Valid once ``validate()`` has passed.
    var paddedMLPWidths: [Int] {
        (0..<max(alta.mlp_depth - 1, 0)).map { k in
            max(alta.mlp_hidden_widths.map { k < $0.count ? $0[k] : 0 }.max() ?? 0, 1)
        }
    }

    /// The bytes the model's weights take as float32 once loaded (the stored, padded
    /// shapes); nil when too large to count. Valid once ``validate()`` has passed.
    public var weightBytes: Int? {
        MemoryLimit.sum([denseOnlyBytes, weightMatrixBytes])
    }

    /// The bytes loading may need for a weights file of `weightsFileBytes` bytes: every
    /// weight dense (``weightBytes``) or, when smaller, the tensors always held dense
    /// (``denseOnlyBytes``) plus three times the file (attention and MLP matrices stored
    /// sparse stay sparse — values, column indices and row starts — and half-precision
    /// tensors widen to float32). Nil when too large to count.
    public func loadBytes(weightsFileBytes: Int?) -> Int? {
        let sparseBound = weightsFileBytes.flatMap { file in
            MemoryLimit.sum([denseOnlyBytes, MemoryLimit.bytes(of: [3, file], bytesPerValue: 1)])
        }
        return [weightBytes, sparseBound].compactMap { $0 }.min()
    }

    /// The bytes of the tensors the loader holds dense whatever their storage: embeddings,
    /// unembedding, biases and LayerNorm weights.
    private var denseOnlyBytes: Int? {
        let d = d_model
        var layer: [Int?] = [MemoryLimit.bytes(of: [3, n_heads, d_head]), MemoryLimit.bytes(of: [5, d])]
        for width in paddedMLPWidths + [d] { layer.append(MemoryLimit.bytes(of: [width])) }
        return MemoryLimit.sum([
            MemoryLimit.bytes(of: [d_vocab, d]), MemoryLimit.bytes(of: [n_ctx, d]),
            MemoryLimit.bytes(of: [d, d_vocab_out]), perLayer(layer),
        ])
    }

    /// The bytes of the attention and MLP weight matrices, dense.
    private var weightMatrixBytes: Int? {
        let widths = [d_model] + paddedMLPWidths + [d_model]
        var layer: [Int?] = [MemoryLimit.bytes(of: [4, n_heads, d_model, d_head])]
        for k in 0..<(widths.count - 1) { layer.append(MemoryLimit.bytes(of: [widths[k], widths[k + 1]])) }
        return perLayer(layer)
    }

    /// `n_layers` times the sum of one layer's sizes.
    private func perLayer(_ sizes: [Int?]) -> Int? {
        MemoryLimit.sum(sizes).flatMap { MemoryLimit.bytes(of: [n_layers, $0], bytesPerValue: 1) }
    }

    /// The text encoding names only input tokens, and its counts are bounded (a padding
    /// longer than `n_ctx` is refused before anything is allocated).
    private static func validate(_ encoding: TextEncoding, tokens: Set<String>, maxLength: Int) throws(ExportError) {
        let input = encoding.input
        let field = "alta.text_encoding.input"
        for (name, list) in [("prefix", input.prefix), ("suffix", input.suffix), ("pieces", input.pieces ?? [])] {
            for (i, token) in list.enumerated() where !tokens.contains(token) {
                throw .invalidConfig(field: "\(field).\(name)[\(i)]", reason: "'\(token)' is not among alta.input_tokens")
            }
        }
        if let groups = input.groups {
            try require(groups.count >= 1, "\(field).groups.count", "must be at least 1, got \(groups.count)")
            try require(!groups.separator.isEmpty, "\(field).groups.separator", "must not be empty")
            try require(tokens.contains(groups.separator), "\(field).groups.separator", "'\(groups.separator)' is not among alta.input_tokens")
            try require(tokens.contains(groups.pad), "\(field).groups.pad", "'\(groups.pad)' is not among alta.input_tokens")
        }
        if let padding = input.padding {
            try require((0...maxLength).contains(padding.length), "\(field).padding.length",
                        "must be in 0...\(maxLength) (n_ctx), got \(padding.length)")
            try require(tokens.contains(padding.piece), "\(field).padding.piece", "'\(padding.piece)' is not among alta.input_tokens")
        }
        if let maxPieces = input.maxPieces {
            try require(maxPieces >= 1, "\(field).max_pieces", "must be at least 1, got \(maxPieces)")
        }
    }

    private static func require(_ ok: Bool, _ field: String, _ reason: @autoclosure () -> String) throws(ExportError) {
        if !ok { throw .invalidConfig(field: field, reason: reason()) }
    }

    private static func atLeast(_ minimum: Int, _ value: Int, _ field: String) throws(ExportError) {
        if value < minimum { throw .invalidConfig(field: field, reason: "must be at least \(minimum), got \(value)") }
    }
}
