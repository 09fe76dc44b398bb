/// One condition of a rule: `variable == value`.
///
/// For a numerical variable `value` is a bucket centre and the atom holds when the current
/// value falls in that bucket; for a set variable it is one of the listed sets. An atom never
/// holds when the variable is null.
public struct ALTAAtom: Sendable, Hashable, CustomStringConvertible {
    /// Variable name.
    public let variable: String
    /// Required value (categorical value, bucket centre or listed set).
    public let value: ALTAValue

    /// `variable == value`.
    public init(_ variable: String, _ value: ALTAValue) {
        self.variable = variable
        self.value = value
    }

    public var description: String { "\(variable)=\(value)" }
}
