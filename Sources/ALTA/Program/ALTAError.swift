/// Everything that can go wrong when building, generating or running an ALTA program.
/// Every message names the variable, head, rule, token or position concerned.
public enum ALTAError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: program structure
    /// An input vocabulary size or position-table size below 1.
    case invalidTableSize(what: String, size: Int)
    /// An empty variable or head name.
    case emptyName(what: String)
    /// Two variables (declared or head outputs) share a name.
    case duplicateName(String, detail: String)
    /// A declared variable uses a reserved name (`relative_qk`).
    case reservedName(String)
    /// A categorical or set variable with a range below 1.
    case invalidRange(variable: String, range: Int)
    /// Bad numerical buckets (not strictly ascending, not finite, empty).
    case invalidBuckets(variable: String, reason: String)
    /// Bad set-variable value list (member out of range, duplicate sets).
    case invalidSetValues(variable: String, reason: String)
    /// A value that is not legal for a variable (wrong type, out of range, unlisted set,
    /// not a bucket value where one is required); `context` says where it was found.
    case invalidValue(variable: String, value: String, expected: String, context: String)
    /// A position-initialised variable in a program without a position table.
    case positionInitWithoutPositionTable(variable: String)
    /// A name that is not a variable of the program; `context` says where it was used.
    case unknownVariable(String, context: String)
    /// A head whose query/key/value/output do not fit together.
    case invalidHead(head: String, reason: String)
    /// A set variable used as a head value.
    case setVariableAsHeadValue(head: String, variable: String)
    /// A numerical variable without buckets where buckets are needed.
    case missingBuckets(variable: String, reason: String)
    /// A rule that writes an attention-head output (or `relative_qk`).
    case ruleWritesHeadOutput(rule: String, variable: String)
    /// A malformed rule (contradictory atoms, old value not matching its condition, no-op).
    case invalidRule(rule: String, reason: String)
    /// A bad halting specification.
    case invalidHalt(reason: String)
    /// The rule builder was used wrongly (variable already in context, wrong kind for a loop).
    case builder(reason: String)

    // MARK: running
    /// A token outside `0..<inputRange`.
    case tokenOutOfRange(token: Int, position: Int, inputRange: Int)
    /// An input longer than the position table.
    case inputTooLong(length: Int, positionRange: Int)
    /// A position outside the input (trace filters).
    case positionOutOfRange(position: Int, length: Int)
    /// A negative layer count.
    case invalidLayerCount(Int)
    /// Two rules that fired at the same position and layer write the same variable.
    case conflictingUpdates(variable: String, position: Int, layer: Int, rules: [String])
    /// A function-form MLP read a null variable.
    case readNull(variable: String)
    /// A function-form MLP read a variable with the wrong accessor.
    case typeMismatch(variable: String, expected: String, found: String)
    /// A function-form MLP wrote an attention-head output (or `relative_qk`).
    case functionWritesHeadOutput(variable: String)
    /// A function-form MLP failed at a position; `reason` is the underlying error.
    case mlpFunctionFailed(position: Int, layer: Int, reason: String)

    // MARK: rule generation
    /// Enumerating every assignment would take more states than the limit.
    case enumerationTooLarge(states: Double, limit: Int)
    /// The function read a variable that the generator was told not to enumerate.
    case notEnumerated(variable: String)
    /// The function wrote a variable that the generator was told not to enumerate (the rule
    /// needs the old value).
    case writtenVariableNotEnumerated(variable: String)
    /// The function inspected a null value (rules cannot test for null).
    case generationObservedNull(variable: String)
    /// A variable that the generator must enumerate has no finite domain.
    case noDomain(variable: String)
    /// The function wrote a variable that is null in the enumerated state (rules need a
    /// defined old value).
    case generationWritesFromNull(variable: String, assignment: String)
    /// The function failed on an enumerated assignment for a reason other than reading a null.
    case generationFailed(assignment: String, reason: String)

    public var description: String {
        switch self {
        case .invalidTableSize(let what, let size):
            return "\(what) must be at least 1, got \(size)"
        case .emptyName(let what):
            return "\(what) has an empty name"
        case .duplicateName(let name, let detail):
            return "name '\(name)' is defined twice: \(detail)"
        case .reservedName(let name):
            return "variable name '\(name)' is reserved for relative attention heads"
        case .invalidRange(let variable, let range):
            return "variable '\(variable)': range must be at least 1, got \(range)"
        case .invalidBuckets(let variable, let reason):
            return "variable '\(variable)': invalid buckets: \(reason)"
        case .invalidSetValues(let variable, let reason):
            return "variable '\(variable)': invalid set values: \(reason)"
        case .invalidValue(let variable, let value, let expected, let context):
            return "\(context): value \(value) is not valid for variable '\(variable)' (expected \(expected))"
        case .positionInitWithoutPositionTable(let variable):
            return "variable '\(variable)' is initialised from the position but the program has no position table (positionRange is nil)"
        case .unknownVariable(let name, let context):
            return "\(context): unknown variable '\(name)'"
        case .invalidHead(let head, let reason):
            return "head '\(head)': \(reason)"
        case .setVariableAsHeadValue(let head, let variable):
            return "head '\(head)': set variable '\(variable)' cannot be a head value (only categorical or numerical)"
        case .missingBuckets(let variable, let reason):
            return "numerical variable '\(variable)' has no buckets, which \(reason)"
        case .ruleWritesHeadOutput(let rule, let variable):
            return "rule [\(rule)] writes '\(variable)', which is an attention-head output (only the automatic reset rules may)"
        case .invalidRule(let rule, let reason):
            return "rule [\(rule)]: \(reason)"
        case .invalidHalt(let reason):
            return "halting condition: \(reason)"
        case .builder(let reason):
            return "rule builder: \(reason)"
        case .tokenOutOfRange(let token, let position, let inputRange):
            return "token \(token) at position \(position) is outside the vocabulary 0..<\(inputRange)"
        case .inputTooLong(let length, let positionRange):
            return "input has \(length) positions but the program's position table has \(positionRange)"
        case .positionOutOfRange(let position, let length):
            return "position \(position) is outside the input (length \(length))"
        case .invalidLayerCount(let n):
            return "layer count must be at least 0, got \(n)"
        case .conflictingUpdates(let variable, let position, let layer, let rules):
            return "layer \(layer), position \(position): variable '\(variable)' is updated by several rules: "
                + rules.map { "[\($0)]" }.joined(separator: ", ")
        case .readNull(let variable):
            return "the MLP function read variable '\(variable)', which is null"
        case .typeMismatch(let variable, let expected, let found):
            return "the MLP function read variable '\(variable)' as \(expected) but it holds \(found)"
        case .functionWritesHeadOutput(let variable):
            return "the MLP function wrote '\(variable)', which is an attention-head output"
        case .mlpFunctionFailed(let position, let layer, let reason):
            return "layer \(layer), position \(position): MLP function failed: \(reason)"
        case .enumerationTooLarge(let states, let limit):
            return "rule generation would enumerate \(states) assignments (limit \(limit)); list the variables the function reads"
        case .notEnumerated(let variable):
            return "the MLP function read '\(variable)', which is not among the enumerated variables"
        case .writtenVariableNotEnumerated(let variable):
            return "the MLP function wrote '\(variable)', which is not among the enumerated variables (rules need its old value)"
        case .generationObservedNull(let variable):
            return "the MLP function tested whether '\(variable)' is null; generated rules cannot express null conditions"
        case .generationWritesFromNull(let variable, let assignment):
            return "the MLP function writes '\(variable)' where it is null (\(assignment)); rules need a defined old value"
        case .generationFailed(let assignment, let reason):
            return "the MLP function failed on \(assignment): \(reason)"
        case .noDomain(let variable):
            return "variable '\(variable)' has no finite list of values (numerical without buckets or set without values) and cannot be enumerated"
        }
    }
}
