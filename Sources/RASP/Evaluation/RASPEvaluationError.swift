/// An error while evaluating a RASP program, naming the expression (by its Tracr label) and
/// the reason.
public struct RASPEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why evaluation failed.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// A Map or SequenceMap function raised.
        case function(RASPValueError)
        /// A Select predicate raised (including Tracr's `key is None!` / `query is None!`).
        case predicate(RASPValueError)
        /// An Aggregate had to average several values that are not all numbers (Tracr's
        /// `ValueError`), e.g. two strings or a null among several selected values.
        case nonNumericMean([Value?])
        /// A Sum selected a value that is not a number (a null, a string, a tuple).
        case nonNumericSum([Value?])
        /// A ConstantSOp or ConstantSelector with `checkLength` does not match the input length.
        case constantLength(constant: Int, input: Int)
        /// Two selectors combined element-wise have different shapes.
        case selectorShapeMismatch

        public var description: String {
            switch self {
            case .function(let e): return "function raised \(e)"
            case .predicate(let e): return "predicate raised \(e)"
            case .nonNumericMean(let values):
                return "Only types int, bool, and float are supported for aggregation. Received sequence: "
                    + Value.pythonListRepr(values)
            case .nonNumericSum(let values):
                return "Sum only adds numbers (int, bool, float). Received sequence: " + Value.pythonListRepr(values)
            case .constantLength(let constant, let input):
                return "Constant len \(constant) doesn't match input len \(input)."
            case .selectorShapeMismatch:
                return "selectors combined element-wise have different shapes"
            }
        }
    }

    /// The label of the failing expression (e.g. `aggregate_3`).
    public let label: String
    /// Why it failed.
    public let reason: Reason

    public init(label: String, reason: Reason) {
        self.label = label
        self.reason = reason
    }

    public var description: String { "\(label): \(reason)" }
}
