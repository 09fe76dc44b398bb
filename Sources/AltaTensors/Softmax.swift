/// Row softmax with masking.
public enum Softmax {
    /// Softmax over each row of `logits` in place. Entries whose `allowed` flag is false
    /// (when a mask is given, `[rows, columns]`) get weight 0. `extraLogit`, when set, is a
    /// virtual extra column (an attention sink with a zero value) that takes part in the
    /// normalisation but is not stored. A row with no allowed entry and no extra logit
    /// becomes all zeros.
    ///
    /// Vectorised eight lanes at a time with `VectorMath.exp`.
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
                    let flags = mask.baseAddress.map { UnsafeRawPointer($0) }
                    for r in 0..<rows {
                        row(base + r * columns, count: columns,
                            allowed: flags.map { $0 + r * columns }, extraLogit: extraLogit)
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
    /// `count` `Bool` flags (one byte each). Same semantics as `rows(_:allowed:extraLogit:)`.
    public static func row(
        _ logits: UnsafeMutablePointer<Float>, count: Int, allowed: UnsafeRawPointer?,
        extraLogit: Float?
    ) {
        typealias Lanes = VectorMath.Lanes
        let raw = UnsafeMutableRawPointer(logits)
        let minusInfinity = Lanes(repeating: -.infinity)

        // Loads eight logits (zero-padded past `count`) and their visibility.
        @inline(__always)
        func load(_ i: Int) -> (Lanes, SIMDMask<SIMD8<Int32>>) {
            var v = Lanes()
            var flags = SIMD8<Int32>()
            if i + 8 <= count {
                v = raw.loadUnaligned(fromByteOffset: i * 4, as: Lanes.self)
                if let allowed {
                    flags = SIMD8<Int32>(
                        truncatingIfNeeded: allowed.loadUnaligned(fromByteOffset: i, as: SIMD8<UInt8>.self))
                } else {
                    flags = SIMD8(repeating: 1)
                }
            } else {
                for lane in 0..<(count - i) {
                    v[lane] = logits[i + lane]
                    let visible = allowed.map { $0.load(fromByteOffset: i + lane, as: UInt8.self) != 0 } ?? true
                    flags[lane] = visible ? 1 : 0
                }
            }
            return (v, flags .!= 0)
        }

        var maxLanes = minusInfinity
        var i = 0
        while i < count {
            let (v, visible) = load(i)
            let candidate = minusInfinity.replacing(with: v, where: visible)
            maxLanes.replace(with: candidate, where: candidate .> maxLanes)
            i += 8
        }
        var maxLogit = maxLanes.max()
        if let extraLogit, extraLogit > maxLogit { maxLogit = extraLogit }
        if maxLogit == -.infinity {
            logits.initialize(repeating: 0, count: count)
            return
        }
        let shift = Lanes(repeating: maxLogit)
        var totals = Lanes()
        i = 0
        while i < count {
            let (v, visible) = load(i)
            let e = Lanes().replacing(with: VectorMath.exp(v - shift), where: visible)
            totals += e
            if i + 8 <= count {
                raw.storeBytes(of: e, toByteOffset: i * 4, as: Lanes.self)
            } else {
                for lane in 0..<(count - i) { logits[i + lane] = e[lane] }
            }
            i += 8
        }
        var total = totals.sum()
        if let extraLogit {
            total += VectorMath.exp(Lanes(repeating: extraLogit - maxLogit))[0]
        }
        let inverse = Lanes(repeating: 1 / total)
        i = 0
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: Lanes.self)
            raw.storeBytes(of: v * inverse, toByteOffset: i * 4, as: Lanes.self)
            i += 8
        }
        while i < count {
            logits[i] *= inverse[0]
            i += 1
        }
    }
}
