/// A place in an `.alta` source text: 1-based line and column (columns count characters).
public struct ALTASourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// 1-based column, in characters.
    public let column: Int

    /// A location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
