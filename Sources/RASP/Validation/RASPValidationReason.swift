/// Why an expression cannot be compiled (§5, §17, §19 items 1, 2, 5, 15).
///
/// The texts of the reasons Tracr's validator reports are Tracr's, with two corrections:
/// numerical `indices` says "indices" (Tracr says "tokens"), and the Aggregate encoding
/// message prints Input = the aggregated SOp's encoding, Output = the Aggregate's (Tracr swaps
/// them, §19 item 15).
public enum RASPValidationReason: Sendable, Equatable, CustomStringConvertible {
    // MARK: static (Tracr's static rules, §5.1)

    /// `numerical(tokens)`.
    case numericalTokens
    /// `numerical(indices)`.
    case numericalIndices
    /// A Select whose keys are numerical.
    case selectKeysNotCategorical
    /// A Select whose queries are numerical.
    case selectQueriesNotCategorical
    /// An Aggregate whose encoding differs from the aggregated SOp's.
    case aggregateEncodingMismatch(input: Encoding, output: Encoding)
    /// A categorical Aggregate with a non-null default.
    case categoricalAggregateDefault(Value?)
    /// A numerical Aggregate whose default is not 0.
    case numericalAggregateDefault(Value?)
    /// A non-linear SequenceMap with a numerical operand or output.
    case nonLinearSequenceMapEncoding
    /// A LinearSequenceMap with a categorical operand or output.
    case linearSequenceMapEncoding
    /// A LinearSequenceMap whose coefficients are not both numbers.
    case linearSequenceMapCoefficients

    // MARK: static (Sum, an extension beyond Tracr)

    /// A Sum whose result is categorically encoded (it must be `numerical(Sum(…))`).
    case categoricalSum
    /// A Sum whose default is not 0.
    case sumDefault(Value?)

    // MARK: static (checks Tracr only makes later, or crashes on; §17, §19 items 1 and 5)

    /// A SelectorAnd/Or/Not that could not be simplified into one Select (Tracr: `TypeError` or
    /// `AttributeError` in the craft step). The associated value is the Tracr class name.
    case compositeSelector(String)
    /// The `length` primitive (Tracr: `Unsupported S-Op: length`).
    case lengthPrimitive
    /// `Full` used as a node (Tracr: "cannot be translated to a model component").
    case fullSOp
    /// `ConstantSOp` (a testing aid).
    case constantSOp
    /// `ConstantSelector` (a testing aid).
    case constantSelector
    /// The program never reads `tokens`, so there is no token embedding.
    case missingTokens

    // MARK: needing value sets (vocabulary and maximum length; §8, §19 item 2)

    /// A numerical Aggregate whose aggregated values are not all 0/1 (Tracr's text: "Attention
    /// patterns can currently only average binary variables. Not: {…}").
    case numericalAggregateNonBinary([Value])
    /// A numerical SOp that can take non-numeric values.
    case numericalNonNumericValues([Value])
    /// A function raised a non-arithmetic error on a value it can receive.
    case functionError(RASPValueError)
    /// A Sum whose summed s-op can take values that are not numbers.
    case sumNonNumericValues([Value])
    /// A Sum whose possible sums are too many to list (non-integer values off a common grid).
    case sumValueSetTooLarge(limit: Int)
    /// A numerical Aggregate of arbitrary values whose sums of ℓ values (behind its means) take
    /// `size` values, more than `limit`.
    case meanSumsTooLarge(size: Int, limit: Int)

    // MARK: dynamic (on a given input, §5.2)

    /// A categorical Aggregate that had to average different values on some input.
    case categoricalAggregateAveraging
    /// A numerical Aggregate whose input was not all 0/1 on some input.
    case numericalAggregateNonBinaryInput([Value?])

    public var description: String {
        switch self {
        case .numericalTokens: return "tokens should always be categorical."
        case .numericalIndices: return "indices should always be categorical."
        case .selectKeysNotCategorical: return "Select keys must be categorical."
        case .selectQueriesNotCategorical: return "Select queries must be categorical."
        case .aggregateEncodingMismatch(let input, let output):
            return "An aggregate's output encoding must match its input encoding. "
                + "Input: \(input.tracrDescription), Output: \(output.tracrDescription)"
        case .categoricalAggregateDefault:
            return "Categorical aggregate only supports None as default value."
        case .numericalAggregateDefault:
            return "Numerical aggregate only supports 0 as default value."
        case .nonLinearSequenceMapEncoding:
            return "(Non-linear) SequenceMap only supports categorical inputs/outputs."
        case .linearSequenceMapEncoding:
            return "LinearSequenceMap only supports numerical inputs/outputs."
        case .linearSequenceMapCoefficients:
            return "LinearSequenceMap coefficients must be numbers."
        case .categoricalSum:
            return "A Sum must be numerically encoded: write numerical(Sum(…)); to get a categorical "
                + "value, Map the numerical sum (e.g. categorical(Map(f, numerical(Sum(…)))))."
        case .sumDefault:
            return "Sum only supports 0 as default value (the sum of an empty selection)."
        case .compositeSelector(let className):
            return "Compiling composite Selectors is not supported. Got a \(className) "
                + "that cannot be simplified into a single Select."
        case .lengthPrimitive:
            return "The length primitive cannot be compiled (Unsupported S-Op: length); "
                + "use the library's makeLength() (SelectorWidth of an all-true Select)."
        case .fullSOp:
            return "Full cannot be translated to a model component; it is only meaningful "
                + "inside selector simplification."
        case .constantSOp:
            return "ConstantSOp is a testing aid and cannot be translated to a model component."
        case .constantSelector:
            return "ConstantSelector is a testing aid and cannot be translated to a model component."
        case .missingTokens:
            return "The program does not include tokens. A program must include tokens to be compiled."
        case .numericalAggregateNonBinary(let values):
            return "Attention patterns can currently only average binary variables. Not: " + Self.setRepr(values)
        case .numericalNonNumericValues(let values):
            return "A numerical SOp can only hold numbers. But it can be " + Self.setRepr(values) + "."
        case .functionError(let error):
            return "The function raised \(error) on a value it can receive."
        case .sumNonNumericValues(let values):
            return "Sum only adds numbers. But its input can be " + Self.setRepr(values) + "."
        case .sumValueSetTooLarge(let limit):
            return "The sums of up to max_seq_len of its input values take more than \(limit) distinct values; "
                + "use values on a common grid (e.g. integers)."
        case .meanSumsTooLarge(let size, let limit):
            return "The sums of up to max_seq_len of its input values, behind its means, take \(size) "
                + "distinct values, more than the limit of \(limit)."
        case .categoricalAggregateAveraging:
            return "Categorical aggregate does not support Selectors with width > 1 that require "
                + "aggregation (eg. averaging)."
        case .numericalAggregateNonBinaryInput(let values):
            return "Numerical aggregate only supports binary inputs 0, 1. But got "
                + Value.pythonListRepr(values) + "."
        }
    }

    private static func setRepr(_ values: [Value]) -> String {
        "{" + values.map(\.pythonRepr).joined(separator: ", ") + "}"
    }
}
