/// A function-form MLP: Swift code run independently at every position. It reads the MLP
/// input through an `ALTAMLPContext` and writes with `set`; writes are buffered and applied
/// after the function returns (parallel assignment: every read sees the MLP input).
///
/// ```swift
/// ALTAMLPFunction { z in
///     if try z.int("done") != 1, try z.int("done_left") == 1 {
///         try z.set("parity", try z.int("parity") ^ z.int("parity_left"))
///         try z.set("done", 1)
///     }
/// }
/// ```
public struct ALTAMLPFunction: Sendable {
    /// The function body.
    public let body: @Sendable (inout ALTAMLPContext) throws -> Void

    /// Wraps a function body.
    public init(_ body: @escaping @Sendable (inout ALTAMLPContext) throws -> Void) {
        self.body = body
    }
}
