import Testing

/// Expects `body` to throw `expected` — the same case with the same associated values — and
/// the error's description (what a user reads) to be exactly `message`.
///
/// ```swift
/// expectError(TensorError.invalidShape([-1, 3]),
///             message: "shape [-1, 3] has a negative dimension or more elements than can be counted") {
///     try Matrix(rows: -1, columns: 3, values: [])
/// }
/// ```
public func expectError<E: Error & Equatable, R>(
    _ expected: E, message: String, sourceLocation: SourceLocation = #_sourceLocation,
    performing body: () throws -> R
) {
    do {
        let result = try body()
        Issue.record("expected \(E.self) '\(expected)' to be thrown, got the result \(result)", sourceLocation: sourceLocation)
    } catch let error as E {
        #expect(error == expected, sourceLocation: sourceLocation)
        #expect(String(describing: error) == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(E.self) '\(expected)', got \(type(of: error)) '\(error)'", sourceLocation: sourceLocation)
    }
}

/// Expects `body` to throw an error of type `E` of the case `matches` accepts (for errors that
/// are not `Equatable`), whose description is exactly `message`.
public func expectError<E: Error, R>(
    _ type: E.Type, message: String, sourceLocation: SourceLocation = #_sourceLocation,
    matching matches: (E) -> Bool, performing body: () throws -> R
) {
    do {
        let result = try body()
        Issue.record("expected \(E.self) to be thrown, got the result \(result)", sourceLocation: sourceLocation)
    } catch let error as E {
        #expect(matches(error), "unexpected case: \(error)", sourceLocation: sourceLocation)
        #expect(String(describing: error) == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(E.self), got \(Swift.type(of: error)) '\(error)'", sourceLocation: sourceLocation)
    }
}
