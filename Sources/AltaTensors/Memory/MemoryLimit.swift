import Foundation

/// The most memory Alta lets one model (loaded, compiled or run) take, checked before the
/// large buffers are allocated so an oversized request ends with an error giving the size
/// it would need instead of the process being killed.
///
/// The limit is `ALTA_MEMORY_LIMIT` when set (bytes, or with a `K`, `M`, `G` or `T` suffix
/// in powers of 1024, e.g. `16G`), otherwise ``defaultBytes``.
public struct MemoryLimit: Sendable, Equatable, CustomStringConvertible {
    /// The limit in bytes.
    public let bytes: Int

    /// 4 GiB.
    public static let defaultBytes = 4 << 30
    /// The environment variable that overrides the default.
    public static let environmentVariable = "ALTA_MEMORY_LIMIT"

    /// A limit of `bytes` (at least 1).
    public init(bytes: Int) {
        self.bytes = max(bytes, 1)
    }

    /// The limit in force: `ALTA_MEMORY_LIMIT` when set, otherwise ``defaultBytes``.
    /// Throws when the variable is set to something that is not a size.
    public static func current() throws(MemoryLimitError) -> MemoryLimit {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable] else {
            return MemoryLimit(bytes: defaultBytes)
        }
        guard let bytes = parse(text) else { throw .invalidSetting(text) }
        return MemoryLimit(bytes: bytes)
    }

    /// Parses a size: a positive integer of bytes, optionally followed by `K`, `M`, `G` or
    /// `T` (powers of 1024, an optional `B` or `iB` after it); `nil` when malformed,
    /// zero or beyond `Int.max`.
    public static func parse(_ text: String) -> Int? {
        var body = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where body.hasSuffix(suffix) && body.count > suffix.count {
            body.removeLast(suffix.count)
            break
        }
        let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30, "T": 40]
        var shift = 0
        if let last = body.last, let s = shifts[last] {
            shift = s
            body.removeLast()
        }
        guard !body.isEmpty, body.allSatisfy(\.isASCII), body.allSatisfy(\.isNumber),
              let value = Int(body), value > 0 else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : scaled
    }

    /// Throws unless `bytes` (nil: too large to count) fits within the limit; `what`
    /// names the thing that would be allocated.
    public func check(_ bytes: Int?, for what: String) throws(MemoryLimitError) {
        guard let bytes, bytes <= self.bytes else {
            throw .exceeded(what: what, bytes: bytes, limit: self.bytes)
        }
    }

    /// The bytes of `count` values of `bytesPerValue` each, where `count` is the product
    /// of `dimensions`; nil when a dimension is negative or the product overflows.
    public static func bytes(of dimensions: [Int], bytesPerValue: Int = MemoryLayout<Float>.size) -> Int? {
        var total = bytesPerValue
        for d in dimensions {
            guard d >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The sum of `sizes`; nil when one is nil or the sum overflows.
    public static func sum(_ sizes: [Int?]) -> Int? {
        var total = 0
        for size in sizes {
            guard let size else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(size)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// `bytes` for people: `512 B`, `3.5 MiB`, `12.0 GiB`.
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    public var description: String { Self.format(bytes) }
}

/// A request above the ``MemoryLimit``, or a malformed limit setting.
public enum MemoryLimitError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `what` would need `bytes` (nil: more than can be counted), above `limit`.
    case exceeded(what: String, bytes: Int?, limit: Int)
    /// `ALTA_MEMORY_LIMIT` holds something that is not a size.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case let .exceeded(what, bytes, limit):
            let needed = bytes.map { "needs \(MemoryLimit.format($0))" } ?? "needs more than 8 EiB"
            return "\(what) \(needed), more than the memory limit of \(MemoryLimit.format(limit)); "
                + "raise it with \(MemoryLimit.environmentVariable) (e.g. \(MemoryLimit.environmentVariable)=64G) if the machine has the memory"
        case let .invalidSetting(text):
            return "\(MemoryLimit.environmentVariable)='\(text)' is not a size (use bytes or a K, M, G or T suffix, e.g. 16G)"
        }
    }
}
