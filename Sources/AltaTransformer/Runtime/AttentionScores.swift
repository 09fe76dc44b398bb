import AltaTensors

/// The per-sequence pieces of attention: logits, visibility, mixing values.
enum AttentionScores {
    /// `[T, T]` `scale · q_i · k_j` for the rows `rows` of `queries` and `keys`: one
    /// `Q Kᵀ` product with the transposed-right kernel (no transpose is materialised).
    /// `parallel: false` keeps the product on the calling thread.
    static func logits(
        queries: Matrix, keys: Matrix, rows: Range<Int>, scale: Float, parallel: Bool = true
    ) -> Matrix {
        let t = rows.count
        let width = queries.columns
        var result = Matrix(rows: t, columns: t)
        if t == 0 { return result }
        queries.values.withUnsafeBufferPointer { q in
            keys.values.withUnsafeBufferPointer { k in
                result.values.withUnsafeMutableBufferPointer { out in
                    guard let outBase = out.baseAddress else { return }
                    if let qBase = q.baseAddress, let kBase = k.baseAddress, width > 0 {
                        Kernels.gemm(
                            m: t, n: t, k: width,
                            a: qBase + rows.lowerBound * width, lda: width,
                            b: kBase + rows.lowerBound * width, ldb: width, transposeB: true,
                            c: outBase, ldc: t, accumulate: false, parallel: parallel)
                    }
                    for i in 0..<(t * t) { outBase[i] = outBase[i] * scale }
                }
            }
        }
        return result
    }

    /// `[T, T]` flags of visible keys (query rows), or `nil` when every key is visible.
    static func visibility(length t: Int, causal: Bool, mask: RelativePositionMask?) -> [Bool]? {
        if !causal && mask == nil { return nil }
        var visible = [Bool](repeating: true, count: t * t)
        for i in 0..<t {
            for j in 0..<t {
                if causal && j > i { visible[i * t + j] = false }
                if let mask, !mask.allows(query: i, key: j) { visible[i * t + j] = false }
            }
        }
        return visible
    }

    /// Writes `pattern @ values[rows]` into `mixed[rows]`.
    static func mix(pattern: Matrix, values: Matrix, rows: Range<Int>, into mixed: inout Matrix) {
        mixed.values.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            mix(pattern: pattern, values: values, rows: rows, into: base, parallel: true)
        }
    }

    /// Adds `pattern @ values[rows]` to rows `rows` of the row-major buffer `mixed`
    /// (`values.columns` wide). Callers give each sequence its own rows, so sequences can
    /// be mixed concurrently.
    static func mix(
        pattern: Matrix, values: Matrix, rows: Range<Int>, into mixed: UnsafeMutablePointer<Float>,
        parallel: Bool
    ) {
        let t = rows.count
        let width = values.columns
        if t == 0 || width == 0 { return }
        pattern.values.withUnsafeBufferPointer { p in
            values.values.withUnsafeBufferPointer { v in
                guard let pBase = p.baseAddress, let vBase = v.baseAddress else { return }
                Kernels.gemm(
                    m: t, n: width, k: t, a: pBase, lda: t,
                    b: vBase + rows.lowerBound * width, ldb: width,
                    c: mixed + rows.lowerBound * width, ldc: width, accumulate: true,
                    parallel: parallel)
            }
        }
    }
}
