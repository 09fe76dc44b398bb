/// The contents of an exported folder's `config.json`: TransformerLens's config fields at the
/// top level — `HookedTransformerConfig(**cfg)` (TransformerLens 3) and
/// `TransformerBridgeConfig.from_dict(cfg)` (4) work once the `alta` key is removed, when
/// `alta.transformer_lens_compatible` is true; otherwise the same fields describe a model
/// TransformerLens has no architecture for (e.g. `act_fn: clipped_relu`, which it refuses) —
/// and everything else Alta needs under `alta`.
public struct ExportedConfig: Codable, Sendable, Equatable {
    public var n_layers: Int
    public var d_model: Int
    public var d_head: Int
    public var n_heads: Int
    public var d_mlp: Int
    public var d_vocab: Int
    public var d_vocab_out: Int
    public var n_ctx: Int
    public var act_fn: String
    /// Always written (as JSON null when there is no LayerNorm).
    public var normalization_type: String?
    public var attention_dir: String
    public var use_attn_scale: Bool
    /// TransformerLens divides scores by this.
    public var attn_scale: Double
    public var positional_embedding_type: String
    public var original_architecture: String
    public var model_name: String
    /// Alta's own description of the model.
    public var alta: AltaSection

    /// Alta-specific fields of `config.json`.
    public struct AltaSection: Codable, Sendable, Equatable {
        public var format_version: Int
        public var producer: String
        /// "stacked" or "looped".
        public var layout: String
        public var max_iterations: Int?
        public var halting: HaltingRule?
        public var mlp_depth: Int
        public var mlp_activation: String
        /// Multiplies the model's attention logits `q·k` (1 for Alta's compiled models).
        public var attention_scale: Float
        /// The factor folded into the stored `W_Q` and `b_Q` (a power of two; absent in
        /// folders written before it, read as 1): TransformerLens's `q·k / attn_scale` on the
        /// stored weights is the model's `attention_scale · q·k`, and Alta's loader divides it
        /// out again (see ``ExportShape``).
        public var query_scale: Float?
        public var causal: Bool
        public var layer_norm_epsilon: Float?
        public var residual_labels: [String]
        public var input_tokens: [String]
        public var bos_token: String?
        public var pad_token: String?
        /// Output value per output id; absent for numerical outputs.
        public var output_values: [String]?
        public var numerical_output: Bool
        /// How user text becomes input tokens and outputs become text; absent in folders
        /// written before it was recorded (read as whitespace-separated tokens).
        public var text_encoding: TextEncoding?
        /// Per layer, per head: true widths, relative mask and sink.
        public var heads: [[HeadShape]]
        /// Per layer, the true MLP hidden widths (before padding).
        public var mlp_hidden_widths: [[Int]]
        /// Free-form producer metadata (compiler, program, exact range…).
        public var metadata: [String: String]
        /// Whether TransformerLens's `HookedTransformer` computes the same function; when
        /// false, `transformer_lens_note` says why (looped layer, 4-layer MLP, masks…).
        public var transformer_lens_compatible: Bool
        public var transformer_lens_note: String?
    }

    /// One head's unpadded widths and masking.
    public struct HeadShape: Codable, Sendable, Equatable {
        public var d_head: Int
        public var d_value: Int
        public var relative_offsets: [Int]?
        public var sink_logit: Float?
    }

    private enum CodingKeys: String, CodingKey {
        case n_layers, d_model, d_head, n_heads, d_mlp, d_vocab, d_vocab_out, n_ctx, act_fn
        case normalization_type, attention_dir, use_attn_scale, attn_scale
        case positional_embedding_type, original_architecture, model_name, alta
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        n_layers = try c.decode(Int.self, forKey: .n_layers)
        d_model = try c.decode(Int.self, forKey: .d_model)
        d_head = try c.decode(Int.self, forKey: .d_head)
        n_heads = try c.decode(Int.self, forKey: .n_heads)
        d_mlp = try c.decode(Int.self, forKey: .d_mlp)
        d_vocab = try c.decode(Int.self, forKey: .d_vocab)
        d_vocab_out = try c.decode(Int.self, forKey: .d_vocab_out)
        n_ctx = try c.decode(Int.self, forKey: .n_ctx)
        act_fn = try c.decode(String.self, forKey: .act_fn)
        normalization_type = try c.decodeIfPresent(String.self, forKey: .normalization_type)
        attention_dir = try c.decode(String.self, forKey: .attention_dir)
        use_attn_scale = try c.decode(Bool.self, forKey: .use_attn_scale)
        attn_scale = try c.decode(Double.self, forKey: .attn_scale)
        positional_embedding_type = try c.decode(String.self, forKey: .positional_embedding_type)
        original_architecture = try c.decode(String.self, forKey: .original_architecture)
        model_name = try c.decode(String.self, forKey: .model_name)
        alta = try c.decode(AltaSection.self, forKey: .alta)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(n_layers, forKey: .n_layers)
        try c.encode(d_model, forKey: .d_model)
        try c.encode(d_head, forKey: .d_head)
        try c.encode(n_heads, forKey: .n_heads)
        try c.encode(d_mlp, forKey: .d_mlp)
        try c.encode(d_vocab, forKey: .d_vocab)
        try c.encode(d_vocab_out, forKey: .d_vocab_out)
        try c.encode(n_ctx, forKey: .n_ctx)
        try c.encode(act_fn, forKey: .act_fn)
        try c.encode(normalization_type, forKey: .normalization_type)  // explicit null
        try c.encode(attention_dir, forKey: .attention_dir)
        try c.encode(use_attn_scale, forKey: .use_attn_scale)
        try c.encode(attn_scale, forKey: .attn_scale)
        try c.encode(positional_embedding_type, forKey: .positional_embedding_type)
        try c.encode(original_architecture, forKey: .original_architecture)
        try c.encode(model_name, forKey: .model_name)
        try c.encode(alta, forKey: .alta)
    }

    init(
        n_layers: Int, d_model: Int, d_head: Int, n_heads: Int, d_mlp: Int, d_vocab: Int,
        d_vocab_out: Int, n_ctx: Int, act_fn: String, normalization_type: String?,
        attention_dir: String, use_attn_scale: Bool, attn_scale: Double, model_name: String,
        alta: AltaSection
    ) {
        self.n_layers = n_layers
        self.d_model = d_model
        self.d_head = d_head
        self.n_heads = n_heads
        self.d_mlp = d_mlp
        self.d_vocab = d_vocab
        self.d_vocab_out = d_vocab_out
        self.n_ctx = n_ctx
        self.act_fn = act_fn
        self.normalization_type = normalization_type
        self.attention_dir = attention_dir
        self.use_attn_scale = use_attn_scale
        self.attn_scale = attn_scale
        self.positional_embedding_type = "standard"
        self.original_architecture = "Alta"
        self.model_name = model_name
        self.alta = alta
    }
}
