import AltaTensors

/// Attention over a block of equal-length sequences whose positions are interleaved
/// (`SequenceRows.Block`: position `p` of lane `k` at row `p · lanes + k` from the block's
/// first row, on feature-major activations). Every quantity of one query–key pair is one
/// contiguous run over the lanes, so the loops below vectorise across the sequences
/// however short each one is.
///
/// The scores of the block are `[t, t, lanes]` (query, key, lane). Each lane receives the
/// float operations of the per-sequence definition in the same order — the logits
/// `scale · Σₚ qₚkₚ` summed from +0 in increasing feature order, `Softmax.row`, the mix
/// `Σⱼ pattern·v` from +0 in increasing key order — so the results are those of
/// `SequenceAttention` bit for bit. The products of a query feature that is zero in a
/// lane are skipped there: they are ±0, which leave a sum that started at +0 unchanged
/// while the keys are finite.
enum InterleavedAttention {
    /// Writes the `[t, t, lanes]` logits of the block into `scores`; `q` and `k` point at
    /// the block's first row of `width` query and key features.
    ///
    /// Compiled queries are nearly one-hot: a query feature is often non-zero in a few
    /// lanes only (one value of many). Its products are then added lane by lane for those
    /// lanes; a feature non-zero in many lanes is added across all lanes at once.
    static func logits(
        queries q: UnsafePointer<Float>, keys k: UnsafePointer<Float>, stride: Int, lanes: Int, length t: Int,
        width: Int, scale: Float, into scores: UnsafeMutablePointer<Float>
    ) {
        scores.update(repeating: 0, count: t &* t &* lanes)
        for i in 0..<t {
            let queryRow = scores + i &* t &* lanes
            for p in 0..<width {
                let query = q + (p &* stride &+ i &* lanes)
                let keys = k + p &* stride
                // How many lanes this feature is non-zero in, counted on the magnitude bits
                // (integer operations, which vectorise): `(m + 0x7FFFFFFF) >> 31` is 1 for
                // any non-zero magnitude `m` and 0 for ±0.
                var used: UInt32 = 0
                for s in 0..<lanes { used &+= ((query[s].bitPattern & 0x7FFF_FFFF) &+ 0x7FFF_FFFF) >> 31 }
                if used == 0 { continue }
                if Int(used) &* Self.denseLaneFraction >= lanes {
                    for j in 0..<t {
                        let out = queryRow + j &* lanes
                        let key = keys + j &* lanes
                        for s in 0..<lanes { out[s] += query[s] * key[s] }
                    }
                } else {
                    for s in 0..<lanes where query[s] != 0 {
                        let a = query[s]
                        for j in 0..<t { queryRow[j &* lanes &+ s] += a * keys[j &* lanes &+ s] }
                    }
                }
            }
        }
        let count = t &* t &* lanes
        for index in 0..<count { scores[index] = scores[index] * scale }
    }

    /// A query feature non-zero in at least one lane in this many is added across all
    /// lanes at once.
    static let denseLaneFraction = 4

    /// Turns the block's logits into attention weights in place, `Softmax.row` on every
    /// query of every lane: `visible`, when given, holds the `[t, t]` flags of the keys
    /// each query sees; `sink` is the head's extra logit. `scratch` holds `2 · lanes`
    /// floats.
    static func softmax(
        _ scores: UnsafeMutablePointer<Float>, lanes: Int, length t: Int, visible: UnsafePointer<Bool>?,
        sink: Float?, scratch: UnsafeMutablePointer<Float>
    ) {
        let maxima = scratch
        let totals = scratch + lanes
        for i in 0..<t {
            let queryRow = scores + i &* t &* lanes
            let flags = visible.map { $0 + i &* t }
            maxima.update(repeating: -.infinity, count: lanes)
            for j in 0..<t where flags?[j] ?? true {
                let row = queryRow + j &* lanes
                for s in 0..<lanes { maxima[s] = row[s] > maxima[s] ? row[s] : maxima[s] }
            }
            if let sink {
                for s in 0..<lanes { maxima[s] = sink > maxima[s] ? sink : maxima[s] }
            }
            totals.update(repeating: 0, count: lanes)
            for j in 0..<t {
                let row = queryRow + j &* lanes
                if flags?[j] ?? true {
                    for s in 0..<lanes { row[s] = VectorMath.exp(row[s] - maxima[s]) }
                } else {
                    row.update(repeating: 0, count: lanes)
                }
                for s in 0..<lanes { totals[s] += row[s] }
            }
            if let sink {
                for s in 0..<lanes { totals[s] += VectorMath.exp(sink - maxima[s]) }
            }
            var blind: UInt8 = 0
            for s in 0..<lanes {
                totals[s] = 1 / totals[s]
                blind |= maxima[s] == -.infinity ? 1 : 0
            }
            for j in 0..<t {
                let row = queryRow + j &* lanes
                for s in 0..<lanes { row[s] = row[s] * totals[s] }
            }
            // A query that sees nothing (its maximum is still −∞) gets all zeros.
            if blind != 0 {
                for j in 0..<t {
                    let row = queryRow + j &* lanes
                    for s in 0..<lanes where maxima[s] == -.infinity { row[s] = 0 }
                }
            }
        }
    }

    /// Adds `pattern · v` of every lane to `mixed`: `pattern` is the block's `[t, t, lanes]`
    /// weights; `v` and `mixed` point at the block's first row of `width` features.
    static func mix(
        pattern: UnsafePointer<Float>, values v: UnsafePointer<Float>, stride: Int, lanes: Int, length t: Int,
        width: Int, into mixed: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<width {
            let values = v + c &* stride
            let out = mixed + c &* stride
            for i in 0..<t {
                let target = out + i &* lanes
                let queryRow = pattern + i &* t &* lanes
                for j in 0..<t {
                    let weights = queryRow + j &* lanes
                    let value = values + j &* lanes
                    for s in 0..<lanes { target[s] += weights[s] * value[s] }
                }
            }
        }
    }
}
