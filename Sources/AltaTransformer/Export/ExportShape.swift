/// The common (padded) widths of an exported model, and how its attention scale is written.
///
/// TransformerLens divides attention scores by `attn_scale`, √`d_head` by default, and
/// TransformerLens 4's native bridge ignores `use_attn_scale: false`. So an export folds
/// the model's own scale into `W_Q` and `b_Q`: stored queries are the model's times
/// ``queryScale``, and `queryScale / √d_head` equals the model's scale. `d_head` is padded
/// (with zeros, which change nothing) to a width that makes ``queryScale`` a power of two,
/// so folding it in and taking it out again on load are exact: a scale of 1 (Alta's RASP
/// and ALTA models) pads `d_head` to a power of four (5 → 16, 17 → 64), Tracr's 1/√w pads
/// it to w·4ᵏ. A scale no padding fits (hand-made models) is not folded; `attn_scale` then
/// carries its reciprocal, which TransformerLens reads as it is.
struct ExportShape {
    /// Heads per layer (at least 1, as TransformerLens needs one).
    let nHeads: Int
    /// One width for queries, keys and values (TransformerLens has a single `d_head`).
    let dHead: Int
    /// Padded MLP hidden widths, one per hidden layer (at least 1 each).
    let mlpWidths: [Int]
    /// The factor folded into `W_Q` and `b_Q` (1 when the scale is not folded).
    let queryScale: Float
    /// What TransformerLens divides the scores by (`attn_scale`, with `use_attn_scale`
    /// true): √`d_head` when the scale is folded, else the reciprocal of the model's scale.
    let attnScale: Double

    /// The shape `model` is exported with; `folding: false` gives the unfolded layout of
    /// folders written before folding (`d_head` the widest head, queries as they are), which
    /// tests use to compare compiled weights with fingerprints recorded then.
    init(_ model: TransformerModel, folding: Bool = true) {
        nHeads = max(model.maxHeads, 1)
        mlpWidths = model.maxMLPHiddenWidths.map { max($0, 1) }
        let minimum = max(model.maxDHead, model.maxDValue, 1)
        if folding, let folded = Self.foldedWidth(scale: model.attentionScale, minimum: minimum) {
            dHead = folded.dHead
            queryScale = folded.factor
            attnScale = Double(folded.dHead).squareRoot()
        } else {
            dHead = minimum
            queryScale = 1
            attnScale = 1 / Double(model.attentionScale)
        }
    }

    /// The smallest width `d ≥ minimum` with `scale · √d` a power of two (to within float
    /// precision, 2⁻²² relative), and that power of two (with the scale's sign); nil when no
    /// whole `d` in `minimum..<4·minimum` fits.
    static func foldedWidth(scale: Float, minimum: Int) -> (dHead: Int, factor: Float)? {
        let s = Double(scale)
        guard s.isFinite, s != 0, minimum >= 1 else { return nil }
        // d = 4ᵏ / s² for a whole k: scale by 4 (the factor by 2) into [minimum, 4·minimum).
        var d = 1 / (s * s)
        var factor = 1.0
        let low = Double(minimum)
        while d < low {
            d *= 4
            factor *= 2
        }
        while d >= 4 * low {
            d /= 4
            factor /= 2
        }
        let width = d.rounded()
        guard width >= low, width <= Double(Int32.max), abs(d - width) <= d * 0x1p-22 else { return nil }
        let product = abs(s) * width.squareRoot()
        guard abs(product - factor) <= factor * 0x1p-22 else { return nil }
        return (Int(width), Float(s < 0 ? -factor : factor))
    }
}
