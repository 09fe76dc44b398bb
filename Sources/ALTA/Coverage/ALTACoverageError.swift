/// Why rule coverage cannot be measured or analysed; each case names what is wrong.
public enum ALTACoverageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The program's MLP is a function: no rule fires, so there is nothing to count.
    case functionForm(program: String)
    /// A dataset without a single MLP application (no input, or no layer run).
    case emptyDataset(program: String)
    /// A trace recorded from another program (other rules or variables).
    case foreignTrace(program: String)
    /// One input of the dataset failed in the interpreter.
    case inputFailed(input: Int, reason: String)

    public var description: String {
        switch self {
        case .functionForm(let program):
            return "\(program) has an MLP written as a function; rule coverage needs a rule-form program (generate its rules first)"
        case .emptyDataset(let program):
            return "the dataset applies \(program)'s MLP nowhere (no input, or no layer run)"
        case .foreignTrace(let program):
            return "the trace was not recorded from \(program) (its rules or variables differ)"
        case .inputFailed(let input, let reason):
            return "input \(input) of the dataset: \(reason)"
        }
    }
}
