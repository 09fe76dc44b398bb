/// TransformerLens `HookedTransformer` state-dict names used by export and import.
enum TensorLensNames {
    static let tokenEmbedding = "embed.W_E"
    static let positionEmbedding = "pos_embed.W_pos"
    static let unembedding = "unembed.W_U"
    static let unembeddingBias = "unembed.b_U"
    static let finalNormScale = "ln_final.w"
    static let finalNormShift = "ln_final.b"

    static func attention(_ layer: Int, _ name: String) -> String { "blocks.\(layer).attn.\(name)" }
    static func norm(_ layer: Int, _ which: Int, _ name: String) -> String { "blocks.\(layer).ln\(which).\(name)" }

    /// MLP weight `k` of `depth`: `W_in`/`W_out` for TransformerLens's two-layer MLP,
    /// `layers.{k}.W` for deeper ones.
    static func mlpWeight(_ layer: Int, _ k: Int, depth: Int) -> String {
        if depth == 2 { return "blocks.\(layer).mlp.\(k == 0 ? "W_in" : "W_out")" }
        return "blocks.\(layer).mlp.layers.\(k).W"
    }

    /// MLP bias `k` of `depth`, named like `mlpWeight`.
    static func mlpBias(_ layer: Int, _ k: Int, depth: Int) -> String {
        if depth == 2 { return "blocks.\(layer).mlp.\(k == 0 ? "b_in" : "b_out")" }
        return "blocks.\(layer).mlp.layers.\(k).b"
    }
}
