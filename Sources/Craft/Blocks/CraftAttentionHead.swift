import AltaTransformer

/// One attention head in craft form: a QK circuit (logits) and an OV circuit (what a
/// selected key writes), plus ALTA's optional relative-position mask and attention sink.
///
/// Logits are `qk(x_query, x_key)` — unscaled, as in Tracr's craft; the assembly's
/// ``AttentionScaling`` decides the run-time factor. The output at a query is
/// `Σ_k softmax(logits)_k · ov(x_k)`.
public struct CraftAttentionHead: Sendable, Hashable {
    /// How the logits are computed.
    public enum QKCircuit: Sendable, Hashable {
        /// `logit = x_qᵀ · M · x_k` over the form's spaces (Tracr). Assembled as
        /// `W_Q = P_left · M` and `W_K = P_right`.
        case bilinear(ScalarBilinear)
        /// `logit = query(x_q) · key(x_k)`; both maps write the same head space (ALTA's
        /// separate `W_Q`, `W_K`). Assembled as the maps themselves.
        case factored(query: Linear, key: Linear)
    }

    /// The QK circuit.
    public var qk: QKCircuit
    /// The OV circuit: value space → output space (in the residual).
    public var ov: Linear
    /// Keys outside these `key − query` offsets are invisible (ALTA), `nil` = all visible.
    public var relativeMask: RelativePositionMask?
    /// Logit of a virtual key with zero value (an attention sink), `nil` = none.
    public var sinkLogit: Double?
    /// A name for diagnostics (e.g. the s-op label the head computes).
    public var name: String

    /// A head with a bilinear QK circuit (Tracr).
    public init(
        name: String, qk: ScalarBilinear, ov: Linear,
        relativeMask: RelativePositionMask? = nil, sinkLogit: Double? = nil
    ) {
        self.name = name
        self.qk = .bilinear(qk)
        self.ov = ov
        self.relativeMask = relativeMask
        self.sinkLogit = sinkLogit
    }

    /// A head with separate query and key maps into a common head space (ALTA).
    public init(
        name: String, query: Linear, key: Linear, ov: Linear,
        relativeMask: RelativePositionMask? = nil, sinkLogit: Double? = nil
    ) throws(CraftError) {
        guard query.output == key.output else {
            throw .incompatibleMaps("head '\(name)': query writes \(query.output), key writes \(key.output)")
        }
        self.name = name
        self.qk = .factored(query: query, key: key)
        self.ov = ov
        self.relativeMask = relativeMask
        self.sinkLogit = sinkLogit
    }

    /// The residual directions the query side reads.
    public var querySpace: VectorSpace {
        switch qk {
        case let .bilinear(form): form.left
        case let .factored(query, _): query.input
        }
    }

    /// The residual directions the key side reads.
    public var keySpace: VectorSpace {
        switch qk {
        case let .bilinear(form): form.right
        case let .factored(_, key): key.input
        }
    }

    /// Query/key width once assembled.
    public var headWidth: Int {
        switch qk {
        case let .bilinear(form): form.right.count
        case let .factored(query, _): query.output.count
        }
    }

    /// Every residual direction the head reads or writes.
    public var residualSpace: VectorSpace {
        VectorSpace.join([querySpace, keySpace, ov.input, ov.output])
    }

    /// The logit between a query residual `x` and a key residual `y`.
    public func logit(query x: VectorInBasis, key y: VectorInBasis) -> Double {
        switch qk {
        case let .bilinear(form):
            return form.apply(x, y)
        case let .factored(query, key):
            let q = query.apply(x)
            let k = key.apply(y)
            return q.components.reduce(0) { $0 + $1.value * k[$1.key] }
        }
    }
}
