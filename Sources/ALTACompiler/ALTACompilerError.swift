/// Why a program cannot be compiled, or a compiled residual cannot be decoded. Every message
/// names the program, variable, head, rule or position concerned.
public enum ALTACompilerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program's MLP is a Swift function (interpreter only); generate rules from it first.
    case functionFormProgram(program: String)
    /// `maxLength` is missing for a program without a position table, or is not usable.
    case invalidMaxLength(program: String, reason: String)
    /// An option that cannot be honoured (vocabulary size, layer cap, sharpness…).
    case invalidOption(String)
    /// A numerical variable without buckets is read or written by the compiled MLP, or is a
    /// head output that must be reset.
    case missingBuckets(variable: String, reason: String)
    /// A value that is not legal for its variable (outside the categorical range, a set
    /// member outside the range, an unlisted set, a non-finite number); `context` says where.
    case valueOutOfRange(variable: String, value: String, context: String)
    /// The halting condition cannot be expressed as "one residual direction above ½
    /// everywhere" (only categorical halting variables can).
    case unsupportedHalting(variable: String, reason: String)
    /// Float32 arithmetic cannot make the compiled model exact here.
    case notExactInFloat32(variable: String, reason: String)
    /// Craft rejected the assembled blocks (a compiler bug, reported rather than trapped).
    case assembly(String)
    /// A residual block that is not a valid encoding of its variable (see
    /// `ALTAResidualLayout.decode`).
    case undecodable(variable: String, position: Int, block: [Float])
    /// A token sequence the compiled model cannot run.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .functionFormProgram(let program):
            return "program '\(program)' has a function-form MLP, which cannot be compiled; build it from rules or generate rules from the function"
        case .invalidMaxLength(let program, let reason):
            return "program '\(program)': \(reason)"
        case .invalidOption(let reason):
            return "invalid compiler option: \(reason)"
        case .missingBuckets(let variable, let reason):
            return "numerical variable '\(variable)' has no buckets, which \(reason)"
        case .valueOutOfRange(let variable, let value, let context):
            return "\(context): value \(value) is outside the range of variable '\(variable)'"
        case .unsupportedHalting(let variable, let reason):
            return "halting on '\(variable)' cannot be compiled: \(reason)"
        case .notExactInFloat32(let variable, let reason):
            return "variable '\(variable)': float32 cannot be exact: \(reason)"
        case .assembly(let reason):
            return "assembling the compiled model failed: \(reason)"
        case .undecodable(let variable, let position, let block):
            return "position \(position): the residual block of '\(variable)' is not a valid encoding: \(block)"
        case .invalidInput(let reason):
            return "invalid input: \(reason)"
        }
    }
}
