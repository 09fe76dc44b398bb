import Foundation

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
        let n = logits.columns
        for r in 0..<logits.rows {
            let base = r * n
            var maxLogit = -Float.infinity
            for c in 0..<n where allowed?[base + c] ?? true {
                maxLogit = max(maxLogit, logits.values[base + c])
            }
            if let extraLogit { maxLogit = max(maxLogit, extraLogit) }
            if maxLogit == -.infinity {
                for c in 0..<n { logits.values[base + c] = 0 }
                continue
            }
            var total: Float = 0
            for c in 0..<n {
                if allowed?[base + c] ?? true {
                    let e = Foundation.exp(logits.values[base + c] - maxLogit)
                    logits.values[base + c] = e
                    total += e
                } else {
                    logits.values[base + c] = 0
                }
            }
            if let extraLogit { total += Foundation.exp(extraLogit - maxLogit) }
            let inverse = 1 / total
            for c in 0..<n { logits.values[base + c] *= inverse }
        }
    }
}
