import Craft
import RASP

extension Value {
    /// The craft direction value of a RASP value (same kind, same printing and order).
    var basisValue: BasisValue {
        switch self {
        case let .int(i): .int(i)
        case let .float(d): .double(d)
        case let .string(s): .string(s)
        case let .bool(b): .bool(b)
        case let .tuple(elements): .tuple(elements.map(\.basisValue))
        }
    }
}

extension BasisValue {
    /// The RASP value of a craft direction value.
    var raspValue: Value {
        switch self {
        case let .int(i): .int(i)
        case let .double(d): .float(d)
        case let .string(s): .string(s)
        case let .bool(b): .bool(b)
        case let .tuple(elements): .tuple(elements.map(\.raspValue))
        }
    }
}
