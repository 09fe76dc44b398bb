/// Halting condition: the program stops when `variable == value` at every position, checked
/// after each complete layer.
public struct ALTAHalt: Sendable, Hashable, CustomStringConvertible {
    /// The variable tested.
    public let variable: String
    /// The value it must hold everywhere.
    public let value: ALTAValue

    /// `variable == value` everywhere (the original's `halt_spec`, default value 1).
    public init(_ variable: String, equals value: ALTAValue = 1) {
        self.variable = variable
        self.value = value
    }

    public var description: String { "halt when \(variable) == \(value) everywhere" }
}
