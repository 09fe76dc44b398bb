import Foundation
import RASP

/// The Python operations the REPL applies to atoms and, element-wise, to s-op values
/// (RASP-TEXT §5.3, §5.5).
enum ElementOperations {
    /// The longest string a program may build.
    static let maxString = 100_000

    /// `lhs op rhs` for `+ - * / % ^ == < > <= >=`.
    static func binary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value {
        switch op {
        case "+":
            if case .string(let a) = lhs, case .string(let b) = rhs, a.count + b.count > maxString {
                throw RASPValueError.overflow("string longer than \(maxString) characters")
            }
            return try lhs + rhs
        case "-": return try lhs - rhs
        case "*":
            for (text, count) in [(lhs, rhs), (rhs, lhs)] {
                if case .string(let s) = text, case .int(let n) = count, n > 0, s.count > 0, n > maxString / s.count {
                    throw RASPValueError.overflow("string longer than \(maxString) characters")
                }
            }
            return try lhs * rhs
        case "/": return try lhs / rhs
        case "%": return try lhs % rhs
        case "^": return try power(lhs, rhs)
        case "==": return .bool(lhs == rhs)
        case "!=": return .bool(lhs != rhs)
        case "<": return .bool(try lhs.pythonLessThan(rhs))
        case ">": return .bool(try lhs.pythonGreaterThan(rhs))
        case "<=": return .bool(try lhs.pythonLessThanOrEqual(rhs))
        case ">=": return .bool(try lhs.pythonGreaterThanOrEqual(rhs))
        case "and": return .bool(lhs.isTruthy && rhs.isTruthy)
        case "or": return .bool(lhs.isTruthy || rhs.isTruthy)
        default: throw RASPValueError.typeError("unsupported operator \(op)")
        }
    }

    /// Python `pow` on numbers: ints with a non-negative exponent stay ints.
    static func power(_ lhs: Value, _ rhs: Value) throws -> Value {
        if case .int(let base) = lhs.asIntegralForPower, case .int(let exponent) = rhs.asIntegralForPower, exponent >= 0 {
            var result = 1
            var factor = base
            var e = exponent
            while e > 0 {
                if e & 1 == 1 {
                    let (r, overflow) = result.multipliedReportingOverflow(by: factor)
                    if overflow { throw RASPValueError.overflow("integer power too large") }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (f, overflow) = factor.multipliedReportingOverflow(by: factor)
                    if overflow { throw RASPValueError.overflow("integer power too large") }
                    factor = f
                }
            }
            return .int(result)
        }
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else {
            throw RASPValueError.typeError(
                "unsupported operand type(s) for ^: '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
        if a == 0 && b < 0 { throw RASPValueError.divisionByZero("0.0 cannot be raised to a negative power") }
        return .float(Foundation.pow(a, b))
    }

    /// Python's `round(x)`: half to even, an int.
    static func round(_ value: Value) throws -> Value {
        switch value {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            let r = d.rounded(.toNearestOrEven)
            guard r.isFinite, r >= -9.2e18, r <= 9.2e18 else { throw RASPValueError.overflow("cannot round \(d)") }
            return .int(Int(r))
        case .string, .tuple:
            throw RASPValueError.typeError("type \(value.typeName) doesn't define __round__ method")
        }
    }

    /// Python unary minus.
    static func negate(_ value: Value) throws -> Value { try -value }

    /// `1 if x else 0`.
    static func indicator(_ value: Value) -> Value { .int(value.isTruthy ? 1 : 0) }
}

extension Value {
    /// Ints and bools as ints (for `^`).
    fileprivate var asIntegralForPower: Value {
        if case .bool(let b) = self { return .int(b ? 1 : 0) }
        return self
    }
}
