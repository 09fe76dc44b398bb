import AltaTensors

/// The per-sequence pieces of attention: logits, visibility, mixing values.
enum AttentionScores {
    /// `[T, T]` `scale · q_i · k_j` for the rows `rows` of `queries` and `keys`.
    static func logits(queries: Matrix, keys: Matrix, rows: Range<Int>, scale: Float) -> Matrix {
        let t = rows.count
        let width = queries.columns
        var result = Matrix(rows: t, columns: t)
        queries.values.withUnsafeBufferPointer { q in
            keys.values.withUnsafeBufferPointer { k in
                result.values.withUnsafeMutableBufferPointer { out in
                    for i in 0..<t {
                        let qBase = (rows.lowerBound + i) * width
                        for j in 0..<t {
                            let kBase = (rows.lowerBound + j) * width
                            var dot: Float = 0
                            for c in 0..<width { dot += q[qBase + c] * k[kBase + c] }
                            out[i * t + j] = dot * scale
                        }
                    }
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
        let t = rows.count
        let width = values.columns
        values.values.withUnsafeBufferPointer { v in
            mixed.values.withUnsafeMutableBufferPointer { out in
                for i in 0..<t {
                    let outBase = (rows.lowerBound + i) * width
                    for j in 0..<t {
                        let w = pattern.values[i * t + j]
                        if w == 0 { continue }
                        let vBase = (rows.lowerBound + j) * width
                        for c in 0..<width { out[outBase + c] += w * v[vBase + c] }
                    }
                }
            }
        }
    }
}
