/// A failure of value-set inference, naming the SOp's label.
public struct ValueSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why inference failed.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// An SOp with no compiled form (`length`, `ConstantSOp`): Tracr's
        /// `ValueError("Unsupported S-Op: …")`.
        case unsupported(String)
        /// A function raised a non-arithmetic error on a value of its operand's set.
        case function(RASPValueError)
        /// A numerical Aggregate over values that are not all 0/1.
        case nonBinaryNumericalMean([Value])
        /// A numerical Aggregate over non-numeric values.
        case nonNumericMean([Value])
        /// A Sum over values that are not all numbers.
        case nonNumericSum([Value])
        /// A Sum whose sums take more than `limit` values (non-integer inputs; see
        /// ``SumValueSet``).
        case sumTooLarge(limit: Int)
        /// A numerical Aggregate of arbitrary values whose sums of ℓ values (behind the means)
        /// take `size` values, more than `limit`.
        case meanSumsTooLarge(size: Int, limit: Int)

        public var description: String {
            switch self {
            case .unsupported(let what): return "Unsupported S-Op: \(what)"
            case .function(let error): return "function raised \(error) during value-set inference"
            case .nonBinaryNumericalMean(let values):
                return "Attention patterns can currently only average binary variables. Not: "
                    + "{" + values.map(\.pythonRepr).joined(separator: ", ") + "}"
            case .nonNumericSum(let values):
                return "a Sum can only add numbers. Not: {" + values.map(\.pythonRepr).joined(separator: ", ") + "}"
            case .sumTooLarge(let limit):
                return "the sums of up to max_seq_len values take more than \(limit) distinct values "
                    + "(use values on a common grid, e.g. integers)"
            case .meanSumsTooLarge(let size, let limit):
                return "the sums behind its means take \(size) values, more than the limit of \(limit)"
            case .nonNumericMean(let values):
                return "a numerical Aggregate can only average numbers. Not: "
                    + "{" + values.map(\.pythonRepr).joined(separator: ", ") + "}"
            }
        }
    }

    /// The SOp's label.
    public let label: String
    /// Why inference failed.
    public let reason: Reason

    public var description: String { "\(label): \(reason)" }
}
