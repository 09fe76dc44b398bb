/// The values of every variable at every position (the symbolic residual stream).
public struct ALTAState: Sendable, Equatable {
    /// Variable names in layout order (the columns).
    public let variableNames: [String]
    /// Number of positions.
    public let length: Int
    /// Values, row-major: `values[position * variableNames.count + variable]`.
    public internal(set) var values: [ALTAValue?]

    /// A state from row-major values.
    public init(variableNames: [String], length: Int, values: [ALTAValue?]) {
        precondition(values.count == variableNames.count * length, "one value per position and variable")
        self.variableNames = variableNames
        self.length = length
        self.values = values
    }

    /// The value of variable number `variable` (layout order) at `position`.
    public subscript(position: Int, variable: Int) -> ALTAValue? {
        get { values[position * variableNames.count + variable] }
        set { values[position * variableNames.count + variable] = newValue }
    }

    /// The index of a variable name, if present.
    public func variableIndex(_ name: String) -> Int? {
        variableNames.firstIndex(of: name)
    }

    /// The value of `name` at `position`; `nil` when null. Unknown names are a programming
    /// error (check with `variableIndex`).
    public func value(_ name: String, at position: Int) -> ALTAValue? {
        guard let i = variableIndex(name) else { preconditionFailure("unknown variable \(name)") }
        return self[position, i]
    }

    /// The values of `name` at every position, or `nil` for an unknown name.
    public func column(_ name: String) -> [ALTAValue?]? {
        guard let i = variableIndex(name) else { return nil }
        return (0..<length).map { self[$0, i] }
    }

    /// All values at one position, in layout order.
    public func row(_ position: Int) -> ArraySlice<ALTAValue?> {
        let width = variableNames.count
        return values[(position * width)..<((position + 1) * width)]
    }
}
