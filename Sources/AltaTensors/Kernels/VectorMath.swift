/// Elementary functions written for vectorised loops.
///
/// Each function is branch-free straight-line `Float` code (selects instead of branches,
/// exponent scaling through bit patterns), so a loop applying it to a buffer is
/// vectorised by the compiler in release builds (four lanes per SSE register on x86-64,
/// checked in the generated assembly), while debug builds run it as plain scalar code —
/// explicit `SIMD` types would be orders of magnitude slower there, where the test suites
/// run. Only plain multiplies and adds are used (no fused multiply-add), so a value gets
/// the same result in every lane, in the scalar remainder and on every platform.
///
/// `exp` follows Cephes' `expf` (range reduction by `ln 2` in two parts, a degree-6
/// polynomial, scaling by `2ⁿ`): within about 1 ulp of the correctly rounded result over
/// the normal range, `+∞` above `ln(Float.greatestFiniteMagnitude)`, 0 below ≈ −103.97
/// (gradually underflowing in between), NaN for NaN.
public enum VectorMath {
    /// `eˣ`.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let low: Float = -103.972_08
        let high: Float = 88.722_84
        var clamped = x < low ? low : x
        clamped = clamped > high ? high : clamped
        // n = round(x / ln 2), by the 1.5·2²³ trick (exact for |t| < 2²²).
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let exponent = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_40e-4
        let z = r * r
        var y: Float = 1.987_569_150_0e-4
        y = y * r + 1.398_199_950_7e-3
        y = y * r + 8.333_451_907_3e-3
        y = y * r + 4.166_579_589_4e-2
        y = y * r + 1.666_666_545_9e-1
        y = y * r + 5.000_000_120_1e-1
        y = y * z + r + 1
        // 2ⁿ in two halves so that n from −150 to 128 stays in the normal exponent range.
        let half = exponent &>> 1
        let rest = exponent &- half
        let scaleA = Float(bitPattern: UInt32(bitPattern: (half &+ 127) &<< 23))
        let scaleB = Float(bitPattern: UInt32(bitPattern: (rest &+ 127) &<< 23))
        var result = y * scaleA * scaleB
        result = x > high ? .infinity : result
        result = x < low ? 0 : result
        return x != x ? x : result
    }

    /// `1 / (1 + e⁻ˣ)`.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }

    /// `tanh x`: Cephes' odd polynomial below 0.625 in magnitude (no cancellation near
    /// zero), `1 − 2 / (e²ˣ + 1)` above.
    @inlinable @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let magnitude = x < 0 ? -x : x
        let large = 1 - 2 / (exp(magnitude + magnitude) + 1)
        let signedLarge = x < 0 ? -large : large
        let z = x * x
        var p: Float = -5.704_988_727_45e-3
        p = p * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        let result = magnitude < 0.625 ? small : signedLarge
        return x != x ? x : result
    }
}
