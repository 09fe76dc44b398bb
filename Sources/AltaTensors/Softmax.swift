/// Row softmax with masking.
public enum Softmax {
    /// Softmax over each row of `logits` in place. Entries whose `allowed` flag is false
    /// (when a mask is given, `[rows, columns]`) get weight 0. `extraLogit`, when set, is a
    /// virtual extra column (an attention sink with a zero value) that takes part in the
    /// normalisation but is not stored. A row with no allowed entry and no extra logit
    /// becomes all zeros.
    public static func rows(
        _ logits: inout Matrix, allowed: [Bool]? = nil, extraLogit: Float? = nil
    ) {
        let rows = logits.rows
        let columns = logits.columns
        if let allowed {
            precondition(allowed.count == rows * columns, "softmax mask has the wrong size")
        }
        logits.values.withUnsafeMutableBufferPointer { values in
            guard let base = values.baseAddress else { return }
            if let allowed {
                allowed.withUnsafeBufferPointer { mask in
                    for r in 0..<rows {
                        row(base + r * columns, count: columns,
                            allowed: mask.baseAddress.map { $0 + r * columns }, extraLogit: extraLogit)
                    }
                }
            } else {
                for r in 0..<rows {
                    row(base + r * columns, count: columns, allowed: nil, extraLogit: extraLogit)
                }
            }
        }
    }

    /// Softmax of one row of `count` logits in place; `allowed`, when given, points to
    /// `count` visibility flags. Same semantics as `rows(_:allowed:extraLogit:)`.
    ///
    /// The exponentials and the final scaling are vectorised loops (`VectorMath.exp`); the
    /// maximum and the normaliser are accumulated in index order.
    public static func row(
        _ logits: UnsafeMutablePointer<Float>, count: Int, allowed: UnsafePointer<Bool>?,
        extraLogit: Float?
    ) {
        var maxLogit = -Float.infinity
        if let allowed {
            for i in 0..<count where allowed[i] && logits[i] > maxLogit { maxLogit = logits[i] }
        } else {
            for i in 0..<count where logits[i] > maxLogit { maxLogit = logits[i] }
        }
        if let extraLogit, extraLogit > maxLogit { maxLogit = extraLogit }
        if maxLogit == -.infinity {
            logits.initialize(repeating: 0, count: count)
            return
        }
        if let allowed {
            for i in 0..<count {
                let e = VectorMath.exp(logits[i] - maxLogit)
                logits[i] = allowed[i] ? e : 0
            }
        } else {
            for i in 0..<count { logits[i] = VectorMath.exp(logits[i] - maxLogit) }
        }
        var total: Float = 0
        for i in 0..<count { total += logits[i] }
        if let extraLogit { total += VectorMath.exp(extraLogit - maxLogit) }
        let inverse = 1 / total
        for i in 0..<count { logits[i] *= inverse }
    }

    /// Softmax over each of `rows` rows of `columns` logits stored contiguously at
    /// `logits`, in place — exactly `row(_:count:allowed:extraLogit:)` applied to every
    /// row, but with the exponentials of the whole block in one vectorised loop (rows of
    /// short sequences are too short to fill the vector lanes on their own).
    ///
    /// `allowed`, when given, holds `[maskRows, columns]` flags and row `r` uses mask row
    /// `r % maskRows` (e.g. one `[T, T]` mask for several stacked sequences of length `T`).
    public static func block(
        _ logits: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        allowed: UnsafePointer<Bool>?, maskRows: Int, extraLogit: Float?
    ) {
        if rows == 0 || columns == 0 { return }
        precondition(allowed == nil || maskRows > 0, "a mask needs at least one row")
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { maxima in
            guard let maxima = maxima.baseAddress else { return }
            for r in 0..<rows {
                let row = logits + r * columns
                var maxLogit = -Float.infinity
                if let allowed {
                    let flags = allowed + (r % maskRows) * columns
                    for i in 0..<columns where flags[i] && row[i] > maxLogit { maxLogit = row[i] }
                } else {
                    for i in 0..<columns where row[i] > maxLogit { maxLogit = row[i] }
                }
                if let extraLogit, extraLogit > maxLogit { maxLogit = extraLogit }
                maxima[r] = maxLogit
                for i in 0..<columns { row[i] = row[i] - maxLogit }
            }
            let count = rows * columns
            for i in 0..<count { logits[i] = VectorMath.exp(logits[i]) }
            for r in 0..<rows {
                let row = logits + r * columns
                let maxLogit = maxima[r]
                if maxLogit == -.infinity {
                    row.update(repeating: 0, count: columns)
                    continue
                }
                if let allowed {
                    let flags = allowed + (r % maskRows) * columns
                    for i in 0..<columns where !flags[i] { row[i] = 0 }
                }
                var total: Float = 0
                for i in 0..<columns { total += row[i] }
                if let extraLogit { total += VectorMath.exp(extraLogit - maxLogit) }
                let inverse = 1 / total
                for i in 0..<columns { row[i] *= inverse }
            }
        }
    }
}
