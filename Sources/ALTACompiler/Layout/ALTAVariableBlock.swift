import ALTA

/// The residual dimensions of one variable of a compiled program.
///
/// * categorical `0..<range`: one-hot over `range` dimensions labelled `name:value`; null is the
///   zero block;
/// * set (members `< range`): multi-hot over `range` dimensions labelled `name:member`;
/// * numerical: one dimension labelled `name` holding the number.
///
/// Two kinds of auxiliary dimensions follow a variable's own ones where they are needed:
///
/// * `presenceDimension` (`name.defined`) for numerical and set variables that can be null,
///   because their null encoding (0, the empty set) is also a value: 1 when defined, 0 when
///   null. For a numerical head output it is the attention-weighted mean of the selected keys'
///   presence, so it drops below 1 when a selected value is null (the interpreter's mean is
///   then null);
/// * `matchCountDimension` (`name.matches`) for categorical head outputs whose head can select
///   several keys: the head's second (counting) head writes `m / (m + 1)` for `m` selected keys,
///   so `m ≥ 2` (null in the interpreter) is told apart from `m = 1`.
public struct ALTAVariableBlock: Sendable, Hashable {
    /// Variable name.
    public let name: String
    /// Index of the variable in `ALTASchema.variables`.
    public let variableIndex: Int
    /// Kind (range, buckets, set values).
    public let kind: ALTAVariableKind
    /// The variable's own dimensions: `range` of them for categorical and set variables, one
    /// for a numerical variable.
    public let dimensions: Range<Int>
    /// The presence dimension, for nullable numerical and set variables.
    public let presenceDimension: Int?
    /// The match-count dimension, for categorical head outputs whose head can select several
    /// keys.
    public let matchCountDimension: Int?
    /// Whether the variable is an attention-head output (reset to null after every MLP).
    public let isHeadOutput: Bool
    /// Presence values at or above this decode as defined (numerical head outputs whose value
    /// variable can be null carry fractional presence when some selected value is null).
    public let presenceThreshold: Float

    /// Creates a block (normally done by `ALTAResidualLayout`).
    public init(
        name: String, variableIndex: Int, kind: ALTAVariableKind, dimensions: Range<Int>,
        presenceDimension: Int?, matchCountDimension: Int?, isHeadOutput: Bool, presenceThreshold: Float
    ) {
        self.name = name
        self.variableIndex = variableIndex
        self.kind = kind
        self.dimensions = dimensions
        self.presenceDimension = presenceDimension
        self.matchCountDimension = matchCountDimension
        self.isHeadOutput = isHeadOutput
        self.presenceThreshold = presenceThreshold
    }

    /// The dimension of categorical value / set member `value`.
    public func dimension(of value: Int) -> Int {
        dimensions.lowerBound + value
    }

    /// The numerical variable's dimension.
    public var numberDimension: Int { dimensions.lowerBound }

    /// Every dimension the variable owns, auxiliary ones included.
    public var allDimensions: [Int] {
        Array(dimensions) + [presenceDimension, matchCountDimension].compactMap { $0 }
    }

    /// The `(dimension, value)` pairs encoding `value` (`nil` = null = nothing).
    /// Throws when the value is not legal for the variable.
    public func encode(_ value: ALTAValue?, context: @autoclosure () -> String) throws(ALTACompilerError) -> [(Int, Float)] {
        guard let value else { return [] }
        var result: [(Int, Float)] = []
        switch (kind, value) {
        case (.categorical(let range), .int(let v)):
            guard (0..<range).contains(v) else {
                throw .valueOutOfRange(variable: name, value: value.description, context: context())
            }
            result.append((dimension(of: v), 1))
        case (.numerical, .number(let x)):
            guard x.isFinite else { throw .valueOutOfRange(variable: name, value: value.description, context: context()) }
            if x != 0 { result.append((numberDimension, Float(x))) }
        case (.set(let range, let values), .set(let members)):
            guard members.allSatisfy({ (0..<range).contains($0) }), values.map({ $0.contains(members) }) ?? true else {
                throw .valueOutOfRange(variable: name, value: value.description, context: context())
            }
            for m in members.sorted() { result.append((dimension(of: m), 1)) }
        default:
            throw .valueOutOfRange(variable: name, value: value.description, context: context())
        }
        if let presenceDimension { result.append((presenceDimension, 1)) }
        return result
    }
}
