/// Vectorised elementary functions on eight `Float` lanes.
///
/// The polynomial `exp` follows Cephes' `expf` (range reduction by `ln 2` in two parts,
/// a degree-6 polynomial, scaling by `2ⁿ` through the exponent bits): about 1 ulp from
/// the correctly rounded result over the normal range, `+∞` above `ln(Float.greatestFiniteMagnitude)`,
/// 0 below ≈ −103.9, NaN for NaN. Only plain multiplies and adds are used (no fused
/// multiply-add), so results are identical on every platform and in every lane.
public enum VectorMath {
    /// Eight `Float` lanes.
    public typealias Lanes = SIMD8<Float>

    /// `eˣ` in every lane.
    @inlinable
    public static func exp(_ x: Lanes) -> Lanes {
        let low = Lanes(repeating: -103.972_08)
        let high = Lanes(repeating: 88.722_84)
        var clamped = x.replacing(with: low, where: x .< low)
        clamped.replace(with: high, where: clamped .> high)
        // n = round(x / ln 2), by the 1.5·2²³ trick (exact for |t| < 2²²).
        let magic = Lanes(repeating: 12_582_912)
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_40e-4
        let z = r * r
        var y = Lanes(repeating: 1.987_569_150_0e-4)
        y = y * r + 1.398_199_950_7e-3
        y = y * r + 8.333_451_907_3e-3
        y = y * r + 4.166_579_589_4e-2
        y = y * r + 1.666_666_545_9e-1
        y = y * r + 5.000_000_120_1e-1
        y = y * z + r + 1
        // 2ⁿ in two halves so that n from −150 to 128 stays in the normal exponent range.
        let half = exponent &>> 1
        let rest = exponent &- half
        let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: Lanes.self)
        let scaleB = unsafeBitCast((rest &+ 127) &<< 23, to: Lanes.self)
        var result = y * scaleA * scaleB
        result.replace(with: Lanes(repeating: .infinity), where: x .> high)
        result.replace(with: Lanes(repeating: 0), where: x .< low)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// `1 / (1 + e⁻ˣ)` in every lane.
    @inlinable
    public static func sigmoid(_ x: Lanes) -> Lanes {
        1 / (1 + exp(-x))
    }

    /// `tanh x` in every lane: Cephes' odd polynomial below 0.625 in magnitude (no
    /// cancellation near zero), `1 − 2 / (e²ˣ + 1)` above.
    @inlinable
    public static func tanh(_ x: Lanes) -> Lanes {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let large = 1 - 2 / (exp(magnitude + magnitude) + 1)
        let signedLarge = large.replacing(with: -large, where: x .< 0)
        let z = x * x
        var p = Lanes(repeating: -5.704_988_727_45e-3)
        p = p * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        var result = signedLarge.replacing(with: small, where: magnitude .< 0.625)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// Applies `transform` to `count` floats at `pointer` in place, eight at a time; the
    /// last partial group is padded with zeros, so every element goes through the same
    /// lane code.
    @inlinable
    public static func map(
        _ pointer: UnsafeMutablePointer<Float>, count: Int, _ transform: (Lanes) -> Lanes
    ) {
        let raw = UnsafeMutableRawPointer(pointer)
        var i = 0
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: Lanes.self)
            raw.storeBytes(of: transform(v), toByteOffset: i * 4, as: Lanes.self)
            i += 8
        }
        if i < count {
            var v = Lanes()
            for lane in 0..<(count - i) { v[lane] = pointer[i + lane] }
            let out = transform(v)
            for lane in 0..<(count - i) { pointer[i + lane] = out[lane] }
        }
    }
}
