/// A named point of the forward pass where `Hooks` read or replace an activation, after
/// TransformerLens's `hook_*` names. `step` is the layer application: the layer index of
/// a stacked model, the loop iteration of a looped one. Shapes are per sequence of `T`
/// positions; a replacement must have the same shape.
public enum HookPoint: Hashable, Sendable, CustomStringConvertible {
    /// `hook_embed` `[T, dModel]`: the token embedding rows.
    case embed
    /// `hook_pos_embed` `[T, dModel]`: the position embedding rows.
    case posEmbed
    /// `blocks.{step}.hook_resid_pre` `[T, dModel]`: the residual entering the layer (at
    /// step 0, `embed + posEmbed`).
    case residPre(step: Int)
    /// `blocks.{step}.attn.hook_scores.{head}` `[T, T]`: a head's scaled attention logits
    /// (query rows, key columns), −∞ where a key is invisible. A replacement's invisible
    /// entries are ignored (the mask still applies).
    case attnScores(step: Int, head: Int)
    /// `blocks.{step}.attn.hook_pattern.{head}` `[T, T]`: a head's attention weights (rows
    /// sum to 1, or less with a sink logit). Replacing it with zeros ablates the head.
    case attnPattern(step: Int, head: Int)
    /// `blocks.{step}.hook_attn_out` `[T, dModel]`: the attention sublayer's output (all
    /// heads and the output bias), added to the residual.
    case attnOut(step: Int)
    /// `blocks.{step}.hook_resid_mid` `[T, dModel]`: the residual after attention.
    case residMid(step: Int)
    /// `blocks.{step}.mlp.hook_pre.{layer}` `[T, width]`: MLP hidden layer `layer`'s
    /// pre-activation (output of linear layer `layer`, `width` its output width).
    case mlpPre(step: Int, layer: Int)
    /// `blocks.{step}.mlp.hook_post.{layer}` `[T, width]`: MLP hidden layer `layer` after
    /// the activation function (what `LayerTrace.mlpHidden[layer]` holds).
    case mlpPost(step: Int, layer: Int)
    /// `blocks.{step}.hook_mlp_out` `[T, dModel]`: the MLP sublayer's output, added to the
    /// residual. Replacing it swaps the MLP for another function.
    case mlpOut(step: Int)
    /// `blocks.{step}.hook_resid_post` `[T, dModel]`: the residual after the layer.
    case residPost(step: Int)

    /// The residual after sublayer `sublayer` in Tracr's numbering: −1 the embeddings
    /// (`residPre(step: 0)`), `2l` after layer `l`'s attention (`residMid(step: l)`),
    /// `2l + 1` after its MLP (`residPost(step: l)`).
    public static func residual(afterSublayer sublayer: Int) -> HookPoint {
        guard sublayer >= 0 else { return .residPre(step: 0) }
        return sublayer % 2 == 0 ? .residMid(step: sublayer / 2) : .residPost(step: sublayer / 2)
    }

    /// The TransformerLens-style name, e.g. `blocks.2.attn.hook_pattern.0`.
    public var description: String {
        switch self {
        case .embed: "hook_embed"
        case .posEmbed: "hook_pos_embed"
        case let .residPre(step): "blocks.\(step).hook_resid_pre"
        case let .attnScores(step, head): "blocks.\(step).attn.hook_scores.\(head)"
        case let .attnPattern(step, head): "blocks.\(step).attn.hook_pattern.\(head)"
        case let .attnOut(step): "blocks.\(step).hook_attn_out"
        case let .residMid(step): "blocks.\(step).hook_resid_mid"
        case let .mlpPre(step, layer): "blocks.\(step).mlp.hook_pre.\(layer)"
        case let .mlpPost(step, layer): "blocks.\(step).mlp.hook_post.\(layer)"
        case let .mlpOut(step): "blocks.\(step).hook_mlp_out"
        case let .residPost(step): "blocks.\(step).hook_resid_post"
        }
    }
}
