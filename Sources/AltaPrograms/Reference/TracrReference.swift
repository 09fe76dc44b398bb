import AltaTransformer
import Foundation
import RASP

/// Tracr's reference table, `tracr_models.json` (Tracr compiled in Python, shipped as a
/// resource of the library, ``LibraryResources/tracrModels``): per library program its
/// settings, expression graph, value sets, residual labels, sizes, timings and example
/// outputs, plus the programs Tracr must reject. Values keep their Python types (`1` is an
/// int, `1.0` a float).
///
/// ```swift
/// let reference = try TracrReference.library()
/// reference.program(named: "reverse")?.examples.first?.raspOutput   // ["c", "b", "a"] …
/// ```
public struct TracrReference: Sendable {
    /// The programs, in file order.
    public let programs: [Program]
    /// The programs a Tracr-compatible compiler must reject (`_unsupported`), in file order.
    public let unsupported: [UnsupportedCase]

    /// The program recorded under `name`.
    public func program(named name: String) -> Program? {
        programs.first { $0.name == name }
    }

    /// Reads a table; throws ``TracrReferenceError`` naming the entry and field that is missing
    /// or malformed.
    public init(data: Data) throws(TracrReferenceError) {
        let root: ReferenceJSON
        do {
            root = try ReferenceJSON.parse(Array(data))
        } catch {
            throw .malformed("\(error)")
        }
        guard case .object(let pairs) = root else { throw .malformed("the top level is not an object") }
        var programs: [Program] = []
        for (name, record) in pairs where !name.hasPrefix("_") {
            programs.append(try Program(name: name, record: Record(owner: name, json: record)))
        }
        self.programs = programs
        var unsupported: [UnsupportedCase] = []
        for (index, json) in (root["_unsupported"]?.array ?? []).enumerated() {
            unsupported.append(try UnsupportedCase(Record(owner: "_unsupported[\(index)]", json: json)))
        }
        self.unsupported = unsupported
    }

    /// Reads a table from a file.
    public init(contentsOf url: URL) throws(TracrReferenceError) {
        let data: Data
        do {
            data = try FileError.readData(url.path, what: "Tracr reference table")
        } catch {
            // The reason in words ("no such file"…), not Foundation's platform text.
            throw .unreadable(path: url.path, reason: error.reason)
        }
        try self.init(data: data)
    }

    /// The table shipped with the library, read once per process.
    public static func library() throws(TracrReferenceError) -> TracrReference {
        try shipped.get()
    }

    private static let shipped: Result<TracrReference, TracrReferenceError> = Result {
        () throws(TracrReferenceError) -> TracrReference in try TracrReference(contentsOf: LibraryResources.tracrModels)
    }
}

/// One JSON object of the table with the name it is reported under.
struct Record {
    let owner: String
    let json: ReferenceJSON

    /// The field, or ``TracrReferenceError/missingField(_:_:)``.
    func field(_ key: String) throws(TracrReferenceError) -> ReferenceJSON {
        guard let value = json[key] else { throw .missingField(owner, key) }
        return value
    }

    func string(_ key: String) throws(TracrReferenceError) -> String {
        guard let s = try field(key).string else { throw .wrongType(owner, key, expected: "a string") }
        return s
    }

    func int(_ key: String) throws(TracrReferenceError) -> Int {
        guard let i = try field(key).int else { throw .wrongType(owner, key, expected: "an integer") }
        return i
    }

    func strings(_ key: String) throws(TracrReferenceError) -> [String] {
        guard let items = try field(key).array, case let strings = items.compactMap(\.string), strings.count == items.count else {
            throw .wrongType(owner, key, expected: "a list of strings")
        }
        return strings
    }

    /// A list of RASP values, none null.
    func values(_ key: String) throws(TracrReferenceError) -> [Value] {
        let optional = try optionalValues(key)
        let values = optional.compactMap { $0 }
        guard values.count == optional.count else { throw .wrongType(owner, key, expected: "a list of values without null") }
        return values
    }

    /// A list of RASP values, null allowed.
    func optionalValues(_ key: String) throws(TracrReferenceError) -> [Value?] {
        guard let items = try field(key).array else { throw .wrongType(owner, key, expected: "a list of values") }
        var values: [Value?] = []
        for item in items {
            do {
                values.append(try item.raspValue())
            } catch {
                throw .wrongType(owner, key, expected: "a list of values")
            }
        }
        return values
    }

    /// A RASP value (null allowed), or nil when the field is absent.
    func value(_ key: String) throws(TracrReferenceError) -> Value?? {
        guard let json = json[key] else { return nil }
        do {
            return .some(try json.raspValue())
        } catch {
            throw .wrongType(owner, key, expected: "a value")
        }
    }
}
