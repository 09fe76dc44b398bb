/// How a model's decoded outputs (one `OutputValue` per position) become the result text,
/// stated as data so that an exported model carries it (`config.json`,
/// `alta.text_encoding.output`).
///
/// ```swift
/// // addition: every position but the last, digits joined, leading zeros dropped
/// let sum = OutputTextDecoding(skipLast: 1, values: digitTable, separator: "", nulls: .reject,
///                              stripLeadingZeros: true)
/// ```
public struct OutputTextDecoding: Sendable, Hashable, Codable {
    /// What a position without a value (null) does.
    public enum Nulls: String, Sendable, Codable {
        /// It is printed as `-`.
        case show
        /// It is left out.
        case omit
        /// It is an error.
        case reject
    }

    /// Positions left out at the start (e.g. BOS).
    public var skipFirst: Int
    /// Positions left out at the end (e.g. END).
    public var skipLast: Int
    /// Only the last position is read (after the skips).
    public var lastOnly: Bool
    /// Text per output value; `nil` prints every value as it is. With a table, a value that
    /// is neither in it nor in `omit` is an error.
    public var values: [String: String]?
    /// Values left out (e.g. SCAN's empty output slots).
    public var omit: [String]
    /// What null positions do.
    public var nulls: Nulls
    /// Put between the texts of the positions.
    public var separator: String
    /// Whether leading `0` characters of the joined text are dropped (keeping one `0`).
    public var stripLeadingZeros: Bool

    /// A decoding; the defaults print every position's value, nulls as `-`, space-separated.
    public init(
        skipFirst: Int = 0, skipLast: Int = 0, lastOnly: Bool = false, values: [String: String]? = nil,
        omit: [String] = [], nulls: Nulls = .show, separator: String = " ", stripLeadingZeros: Bool = false
    ) {
        self.skipFirst = skipFirst
        self.skipLast = skipLast
        self.lastOnly = lastOnly
        self.values = values
        self.omit = omit
        self.nulls = nulls
        self.separator = separator
        self.stripLeadingZeros = stripLeadingZeros
    }

    /// Every position's value as it is, space-separated (RASP models).
    public static let values = OutputTextDecoding()

    private enum CodingKeys: String, CodingKey {
        case skipFirst = "skip_first", skipLast = "skip_last", lastOnly = "last_only", values, omit, nulls
        case separator, stripLeadingZeros = "strip_leading_zeros"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            skipFirst: try c.decodeIfPresent(Int.self, forKey: .skipFirst) ?? 0,
            skipLast: try c.decodeIfPresent(Int.self, forKey: .skipLast) ?? 0,
            lastOnly: try c.decodeIfPresent(Bool.self, forKey: .lastOnly) ?? false,
            values: try c.decodeIfPresent([String: String].self, forKey: .values),
            omit: try c.decodeIfPresent([String].self, forKey: .omit) ?? [],
            nulls: try c.decodeIfPresent(Nulls.self, forKey: .nulls) ?? .show,
            separator: try c.decodeIfPresent(String.self, forKey: .separator) ?? " ",
            stripLeadingZeros: try c.decodeIfPresent(Bool.self, forKey: .stripLeadingZeros) ?? false)
        guard skipFirst >= 0, skipLast >= 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.skipFirst],
                                                    debugDescription: "skip counts must not be negative"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if skipFirst != 0 { try c.encode(skipFirst, forKey: .skipFirst) }
        if skipLast != 0 { try c.encode(skipLast, forKey: .skipLast) }
        if lastOnly { try c.encode(lastOnly, forKey: .lastOnly) }
        try c.encodeIfPresent(values, forKey: .values)
        if !omit.isEmpty { try c.encode(omit, forKey: .omit) }
        try c.encode(nulls, forKey: .nulls)
        try c.encode(separator, forKey: .separator)
        if stripLeadingZeros { try c.encode(stripLeadingZeros, forKey: .stripLeadingZeros) }
    }

    /// The result text of one sequence's outputs.
    public func text(of outputs: [OutputValue]) throws(TextEncodingError) -> String {
        let end = outputs.count - skipLast
        guard end >= skipFirst, !(lastOnly && end == skipFirst) else { throw .noOutput }
        let read = lastOnly ? (end - 1)..<end : skipFirst..<end
        var texts: [String] = []
        for position in read {
            let value = outputs[position]
            if value == .null {
                switch nulls {
                case .show: texts.append(value.description)
                case .omit: break
                case .reject: throw .nullOutput(position: position)
                }
                continue
            }
            let name = value.description
            if omit.contains(name) { continue }
            if let values {
                guard let text = values[name] else {
                    throw .unexpectedOutput(position: position, value: name, allowed: Self.sortedKeys(values))
                }
                texts.append(text)
            } else {
                texts.append(name)
            }
        }
        let joined = texts.joined(separator: separator)
        guard stripLeadingZeros else { return joined }
        let stripped = joined.drop { $0 == "0" }
        return stripped.isEmpty && !joined.isEmpty ? "0" : String(stripped)
    }

    /// Table keys in numeric order when they are numbers, else in text order.
    static func sortedKeys(_ table: [String: String]) -> [String] {
        table.keys.sorted { a, b in
            switch (Int(a), Int(b)) {
            case let (x?, y?): x < y
            default: a < b
            }
        }
    }
}

extension OutputTextDecoding: CustomStringConvertible {
    /// One line saying how outputs become text, e.g. `every position but the last 1, values
    /// 0=0 … 9=9, nulls rejected, joined by "", leading zeros dropped`.
    public var description: String {
        var parts: [String] = []
        if lastOnly {
            parts.append(skipLast > 0 ? "the last position but \(skipLast)" : "the last position")
        } else {
            var read = "every position"
            if skipFirst > 0 { read += " but the first \(skipFirst)" }
            if skipLast > 0 { read += (skipFirst > 0 ? " and" : " but") + " the last \(skipLast)" }
            parts.append(read)
        }
        if let values {
            parts.append("values " + InputTextEncoding.abbreviate(Self.sortedKeys(values).map { "\($0)=\(values[$0] ?? "")" }))
        }
        if !omit.isEmpty { parts.append("leaving out \(omit.joined(separator: " "))") }
        switch nulls {
        case .show: parts.append("nulls shown as -")
        case .omit: parts.append("nulls left out")
        case .reject: parts.append("nulls rejected")
        }
        parts.append("joined by \"\(separator)\"")
        if stripLeadingZeros { parts.append("leading zeros dropped") }
        return parts.joined(separator: ", ")
    }
}
