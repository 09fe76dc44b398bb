/// An error raised by an operation on ``Value``s, mirroring the Python exception it stands for.
///
/// The compiler's value-set inference skips inputs on which a function raises an
/// ``isArithmetic`` error (Python's `ArithmeticError`: division by zero, overflow) and aborts on
/// any other error, exactly as Tracr does (§8 of the reference).
public enum RASPValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Python `ZeroDivisionError`.
    case divisionByZero(String)
    /// Python `OverflowError` (here: 64-bit integer overflow).
    case overflow(String)
    /// Python `TypeError`: the operation does not apply to these operand types.
    case typeError(String)
    /// Python `ValueError` raised by a user function.
    case valueError(String)

    /// Whether this is an arithmetic error (division by zero, overflow).
    public var isArithmetic: Bool {
        switch self {
        case .divisionByZero, .overflow: return true
        case .typeError, .valueError: return false
        }
    }

    public var description: String {
        switch self {
        case .divisionByZero(let m): return "ZeroDivisionError: \(m)"
        case .overflow(let m): return "OverflowError: \(m)"
        case .typeError(let m): return "TypeError: \(m)"
        case .valueError(let m): return "ValueError: \(m)"
        }
    }
}
