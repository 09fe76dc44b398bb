/// The element types of the safetensors format, spelled as in the file header.
///
/// The cases are declared in the reference implementation's order, which is increasing
/// alignment; the writer lays tensors out by descending position in this order, then by
/// name, exactly like the reference writer.
public enum SafeTensorsDType: String, Sendable, CaseIterable, Hashable {
    /// Boolean, one byte per element (0 or 1).
    case BOOL
    /// 4-bit float (MX FP4, E2M1), two elements per byte.
    case F4
    /// 6-bit float (MX FP6, E2M3).
    case F6_E2M3
    /// 6-bit float (MX FP6, E3M2).
    case F6_E3M2
    /// Unsigned 8-bit integer.
    case U8
    /// Signed 8-bit integer.
    case I8
    /// 8-bit float, 5 exponent bits, 2 mantissa bits, IEEE-like (has ±inf).
    case F8_E5M2
    /// 8-bit float, 4 exponent bits, 3 mantissa bits, "FN" variant (no inf, one NaN pattern).
    case F8_E4M3
    /// 8-bit unsigned power of two (MX scale, E8M0).
    case F8_E8M0
    /// 8-bit float E4M3, "FNUZ" variant (bias 8, no negative zero, 0x80 is NaN).
    case F8_E4M3FNUZ
    /// 8-bit float E5M2, "FNUZ" variant (bias 16, no negative zero, 0x80 is NaN).
    case F8_E5M2FNUZ
    /// Signed 16-bit integer.
    case I16
    /// Unsigned 16-bit integer.
    case U16
    /// IEEE 754 half precision.
    case F16
    /// bfloat16 (the upper 16 bits of a float32).
    case BF16
    /// Signed 32-bit integer.
    case I32
    /// Unsigned 32-bit integer.
    case U32
    /// IEEE 754 single precision.
    case F32
    /// Complex number made of two float32 (real, imaginary).
    case C64
    /// IEEE 754 double precision.
    case F64
    /// Signed 64-bit integer.
    case I64
    /// Unsigned 64-bit integer.
    case U64

    /// Bits per element (4 and 6 for the sub-byte float types).
    public var bitSize: Int {
        switch self {
        case .F4: 4
        case .F6_E2M3, .F6_E3M2: 6
        case .BOOL, .U8, .I8, .F8_E5M2, .F8_E4M3, .F8_E8M0, .F8_E4M3FNUZ, .F8_E5M2FNUZ: 8
        case .I16, .U16, .F16, .BF16: 16
        case .I32, .U32, .F32: 32
        case .C64, .F64, .I64, .U64: 64
        }
    }

    /// Position in the reference implementation's dtype order (increasing alignment).
    /// The writer sorts tensors by descending rank, then by name.
    public var alignmentRank: Int {
        // `allCases` is in declaration order, which is the reference order.
        Self.allCases.firstIndex(of: self) ?? 0
    }

    /// Whether `float32Values()` / `float64Values()` can convert this type.
    public var isConvertibleToFloatingPoint: Bool {
        switch self {
        case .F4, .F6_E2M3, .F6_E3M2, .C64: false
        default: true
        }
    }

    /// Whether `int64Values()` can convert this type (booleans and integers).
    public var isInteger: Bool {
        switch self {
        case .BOOL, .U8, .I8, .I16, .U16, .I32, .U32, .I64, .U64: true
        default: false
        }
    }
}
