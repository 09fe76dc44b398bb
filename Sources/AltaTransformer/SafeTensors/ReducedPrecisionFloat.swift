/// Bit-exact conversions between `Float` and the reduced-precision float formats of
/// safetensors, written out by hand so they behave the same on every platform (Swift's
/// `Float16` is missing on Intel macOS, and there is no bfloat16 type).
///
/// Narrowing conversions round to nearest, ties to even, produce subnormals and ±0 where the
/// format has them, overflow to ±inf, and keep NaN a (quiet) NaN with its sign.
public enum ReducedPrecisionFloat {
    // MARK: IEEE half precision (F16)

    /// The IEEE 754 binary16 bit pattern nearest to `value` (round to nearest, ties to even).
    public static func float16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            // ±inf stays inf; NaN keeps the top payload bits and is made quiet.
            if mantissa == 0 { return sign | 0x7C00 }
            return sign | 0x7E00 | UInt16(truncatingIfNeeded: mantissa >> 13)
        }
        // Exponent re-biased for half precision (bias 15 instead of 127).
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 31 { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // Result is a half subnormal (or zero): the value in units of 2^-24, rounded.
            // Below 2^-25 everything rounds to zero (exactly 2^-25 ties to the even zero).
            if halfExponent < -10 { return sign }
            let significand = mantissa | 0x80_0000  // 24 bits; float32 subnormals never get here
            let shift = UInt32(14 - halfExponent)  // 14 ... 24
            let kept = significand >> shift
            let remainder = significand & ((1 << shift) - 1)
            let halfway: UInt32 = 1 << (shift - 1)
            let rounded = remainder > halfway || (remainder == halfway && kept & 1 == 1) ? kept + 1 : kept
            // A carry into bit 10 yields the smallest normal number, which is the right encoding.
            return sign | UInt16(truncatingIfNeeded: rounded)
        }
        let truncated = UInt32(halfExponent) << 10 | mantissa >> 13
        let remainder = mantissa & 0x1FFF
        // A carry out of the mantissa increments the exponent; out of 30 it gives inf (0x7C00).
        let rounded = remainder > 0x1000 || (remainder == 0x1000 && truncated & 1 == 1) ? truncated + 1 : truncated
        return sign | UInt16(truncatingIfNeeded: rounded)
    }

    /// The `Float` value of an IEEE 754 binary16 bit pattern (exact).
    public static func float(fromFloat16Bits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // ±0 or a subnormal: mantissa × 2^-24, exact in float32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }

    // MARK: bfloat16 (BF16)

    /// The bfloat16 bit pattern nearest to `value`: the upper 16 bits of the float32, rounded
    /// to nearest, ties to even. NaN stays a quiet NaN (its payload's upper bits kept).
    public static func bfloat16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN {
            return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
        }
        // Adding 0x7FFF plus the lowest kept bit rounds half to even; the largest finite
        // magnitudes carry into the exponent and give ±inf, as they should.
        let rounding: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The `Float` value of a bfloat16 bit pattern (exact).
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    // MARK: 8-bit floats (decoding only)

    /// The value of an 8-bit float of type `dtype` (one of the `F8_…` types), exactly.
    /// Returns `nil` for a dtype that is not an 8-bit float.
    public static func double(fromFloat8Bits bits: UInt8, dtype: SafeTensorsDType) -> Double? {
        let negative = bits & 0x80 != 0
        switch dtype {
        case .F8_E5M2:
            // IEEE-like: bias 15, exponent 31 is inf / NaN.
            if bits & 0x7C == 0x7C {
                if bits & 0x03 == 0 { return negative ? -.infinity : .infinity }
                return .nan
            }
            return miniFloat(bits: bits, mantissaBits: 2, bias: 15)
        case .F8_E4M3:
            // "FN": bias 7, no infinities, S.1111.111 is NaN.
            if bits & 0x7F == 0x7F { return .nan }
            return miniFloat(bits: bits, mantissaBits: 3, bias: 7)
        case .F8_E4M3FNUZ:
            // bias 8, no infinities, no negative zero: 0x80 is the only NaN.
            if bits == 0x80 { return .nan }
            return miniFloat(bits: bits, mantissaBits: 3, bias: 8)
        case .F8_E5M2FNUZ:
            if bits == 0x80 { return .nan }
            return miniFloat(bits: bits, mantissaBits: 2, bias: 16)
        case .F8_E8M0:
            // Unsigned power of two 2^(e − 127); 0xFF is NaN.
            if bits == 0xFF { return .nan }
            return Double(sign: .plus, exponent: Int(bits) - 127, significand: 1)
        default:
            return nil
        }
    }

    /// A sign / exponent / mantissa byte with subnormals at exponent 0 (no special values).
    private static func miniFloat(bits: UInt8, mantissaBits: Int, bias: Int) -> Double {
        let exponentMask = (1 << (7 - mantissaBits)) - 1
        let exponent = Int(bits >> mantissaBits) & exponentMask
        let mantissa = Int(bits) & ((1 << mantissaBits) - 1)
        let scale = Double(1 << mantissaBits)
        let magnitude: Double
        if exponent == 0 {
            magnitude = Double(sign: .plus, exponent: 1 - bias, significand: Double(mantissa) / scale)
        } else {
            magnitude = Double(sign: .plus, exponent: exponent - bias, significand: 1 + Double(mantissa) / scale)
        }
        return bits & 0x80 != 0 ? -magnitude : magnitude
    }
}
