/// A strict, schema-directed JSON parser for safetensors headers.
///
/// It reads the header straight into `SafeTensorsHeader` without building a generic JSON
/// tree, so memory stays proportional to the header text. Unlike most JSON libraries it
/// rejects duplicate keys (tensor names, metadata keys, entry fields). It never recurses:
/// unknown fields are skipped with an explicit stack bounded by `maximumDepth`, and numbers
/// are scanned without being materialised, so deep nesting and huge numbers are errors, not
/// crashes. Input must already be valid UTF-8.
struct SafeTensorsHeaderParser {
    /// Deepest allowed container nesting (the header object is level 1), as in serde_json.
    static let maximumDepth = 128

    private let bytes: [UInt8]
    /// File offset of `bytes[0]`, for error messages.
    private let base: Int
    private var position = 0

    init(bytes: [UInt8], fileOffset: Int) {
        self.bytes = bytes
        self.base = fileOffset
    }

    /// Parses the whole header: a JSON object of tensor entries and optional `__metadata__`,
    /// followed only by whitespace.
    mutating func parseHeader() throws(SafeTensorsError) -> SafeTensorsHeader {
        skipWhitespace()
        let start = position
        guard peek() == UInt8(ascii: "{") else {
            // Distinguish "valid JSON of the wrong kind" from "not JSON at all".
            try skipValue(depth: 0)
            try expectEnd()
            throw .headerNotAnObject(byteOffset: base + start)
        }
        position += 1
        var entries: [SafeTensorsHeader.Entry] = []
        var names: Set<String> = []
        var metadata: [String: String] = [:]
        var sawMetadata = false
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                let keyOffset = base + position
                let key = try parseKey()
                if key == "__metadata__" {
                    if sawMetadata { throw .duplicateTensorName(key, byteOffset: keyOffset) }
                    sawMetadata = true
                    metadata = try parseMetadata()
                } else {
                    if names.contains(key) { throw .duplicateTensorName(key, byteOffset: keyOffset) }
                    names.insert(key)
                    entries.append(try parseEntry(name: key))
                }
                if try endOfContainer(closing: UInt8(ascii: "}")) { break }
            }
        }
        try expectEnd()
        return SafeTensorsHeader(entries: entries, metadata: metadata)
    }

    // MARK: Schema

    /// `"__metadata__"`'s value: an object of strings, or `null` for none.
    private mutating func parseMetadata() throws(SafeTensorsError) -> [String: String] {
        let valueOffset = base + position
        try checkValueStart()
        if peek() == UInt8(ascii: "n") {
            try parseLiteral("null")
            return [:]
        }
        guard peek() == UInt8(ascii: "{") else { throw .metadataNotAnObject(byteOffset: valueOffset) }
        position += 1
        var result: [String: String] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return result
        }
        while true {
            skipWhitespace()
            let keyOffset = base + position
            let key = try parseKey()
            if result[key] != nil { throw .duplicateMetadataKey(key, byteOffset: keyOffset) }
            guard peek() == UInt8(ascii: "\"") else {
                throw .metadataValueNotString(key: key, byteOffset: base + position)
            }
            result[key] = try parseString()
            if try endOfContainer(closing: UInt8(ascii: "}")) { return result }
        }
    }

    /// A tensor entry `{"dtype": …, "shape": […], "data_offsets": [BEGIN, END]}`; unknown
    /// fields are checked for well-formedness and ignored, as the reference reader does.
    private mutating func parseEntry(name: String) throws(SafeTensorsError) -> SafeTensorsHeader.Entry {
        let entryOffset = base + position
        try checkValueStart()
        guard peek() == UInt8(ascii: "{") else { throw .tensorEntryNotAnObject(tensor: name, byteOffset: entryOffset) }
        position += 1
        var dtype: SafeTensorsDType?
        var shape: [Int]?
        var offsets: (begin: Int, end: Int)?
        var seenFields: Set<String> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                let fieldOffset = base + position
                let field = try parseKey()
                if seenFields.contains(field) {
                    throw .duplicateField(tensor: name, field: field, byteOffset: fieldOffset)
                }
                seenFields.insert(field)
                let valueOffset = base + position
                try checkValueStart()
                switch field {
                case "dtype":
                    guard peek() == UInt8(ascii: "\"") else {
                        throw .invalidFieldType(tensor: name, field: field, expected: "a string", byteOffset: valueOffset)
                    }
                    let text = try parseString()
                    guard let parsed = SafeTensorsDType(rawValue: text) else { throw .unknownDType(tensor: name, dtype: text) }
                    dtype = parsed
                case "shape":
                    guard peek() == UInt8(ascii: "[") else {
                        throw .invalidFieldType(tensor: name, field: field, expected: "an array of non-negative integers", byteOffset: valueOffset)
                    }
                    var dimensions: [Int] = []
                    try parseIntegerArray { (value, text, offset) throws(SafeTensorsError) in
                        guard let value else {
                            throw .invalidShapeDimension(tensor: name, index: dimensions.count, value: text, byteOffset: offset)
                        }
                        dimensions.append(value)
                    }
                    shape = dimensions
                case "data_offsets":
                    guard peek() == UInt8(ascii: "[") else {
                        throw .invalidFieldType(tensor: name, field: field, expected: "an array [BEGIN, END]", byteOffset: valueOffset)
                    }
                    var pair: [Int] = []
                    var count = 0
                    try parseIntegerArray { (value, text, offset) throws(SafeTensorsError) in
                        guard let value else { throw .invalidDataOffset(tensor: name, value: text, byteOffset: offset) }
                        if count < 2 { pair.append(value) }
                        count += 1
                    }
                    guard count == 2 else { throw .dataOffsetsNotAPair(tensor: name, count: count, byteOffset: valueOffset) }
                    offsets = (pair[0], pair[1])
                default:
                    try skipValue(depth: 2)
                }
                if try endOfContainer(closing: UInt8(ascii: "}")) { break }
            }
        }
        guard let dtype else { throw .missingField(tensor: name, field: "dtype") }
        guard let shape else { throw .missingField(tensor: name, field: "shape") }
        guard let offsets else { throw .missingField(tensor: name, field: "data_offsets") }
        guard offsets.begin <= offsets.end else {
            throw .dataOffsetsReversed(tensor: name, begin: offsets.begin, end: offsets.end)
        }
        return SafeTensorsHeader.Entry(
            name: name, dtype: dtype, shape: shape, begin: offsets.begin, end: offsets.end,
            headerByteOffset: entryOffset)
    }

    /// An array whose elements are handed to `element` as (value if a non-negative integer
    /// that fits in `Int`, short text of the element, file offset). `element` throws to
    /// reject; non-numbers are described by their kind.
    private mutating func parseIntegerArray(
        _ element: (Int?, String, Int) throws(SafeTensorsError) -> Void
    ) throws(SafeTensorsError) {
        position += 1  // "["
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let offset = base + position
            guard let byte = peek() else { throw syntaxError("unexpected end of header inside an array") }
            if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let number = try scanNumber()
                try element(number.integer, number.text, offset)
            } else {
                // Not a number: report the kind (a well-formed value is not required first).
                try checkValueStart()
                try element(nil, Self.kindDescription(of: byte), offset)
                throw syntaxError("unexpected character '\(Self.printable(byte))'")
            }
            if try endOfContainer(closing: UInt8(ascii: "]")) { return }
        }
    }

    // MARK: Lexical level

    /// A key and its `:`.
    private mutating func parseKey() throws(SafeTensorsError) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            throw peek() == nil ? syntaxError("unexpected end of header, expected a key") : syntaxError("expected a string key")
        }
        let key = try parseString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw syntaxError("expected ':' after a key") }
        position += 1
        skipWhitespace()
        return key
    }

    /// After a value inside a container: consumes `,` (returns false) or `closing` (true).
    private mutating func endOfContainer(closing: UInt8) throws(SafeTensorsError) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: ","):
            position += 1
            return false
        case closing:
            position += 1
            return true
        case nil:
            throw syntaxError("unexpected end of header")
        default:
            throw syntaxError("expected ',' or '\(Self.printable(closing))'")
        }
    }

    private mutating func expectEnd() throws(SafeTensorsError) {
        skipWhitespace()
        if position < bytes.count { throw syntaxError("unexpected characters after the header object") }
    }

    /// A JSON string starting at `"`, with escapes resolved. Lone surrogates are rejected.
    private mutating func parseString() throws(SafeTensorsError) -> String {
        position += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw syntaxError("unterminated string") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escapeOffset = position
                position += 1
                guard position < bytes.count else { throw syntaxError("unterminated string") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    let first = try parseHex4()
                    var scalarValue = UInt32(first)
                    if (0xD800...0xDBFF).contains(first) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                              bytes[position + 1] == UInt8(ascii: "u") else {
                            throw .invalidJSON(byteOffset: base + escapeOffset, reason: "lone leading surrogate in \\u escape")
                        }
                        position += 2
                        let second = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(second) else {
                            throw .invalidJSON(byteOffset: base + escapeOffset, reason: "leading surrogate not followed by a trailing surrogate")
                        }
                        scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(first) {
                        throw .invalidJSON(byteOffset: base + escapeOffset, reason: "lone trailing surrogate in \\u escape")
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else {
                        throw .invalidJSON(byteOffset: base + escapeOffset, reason: "invalid \\u escape")
                    }
                    UTF8.encode(scalar) { utf8.append($0) }
                default:
                    throw .invalidJSON(byteOffset: base + escapeOffset, reason: "invalid escape '\\\(Self.printable(escaped))'")
                }
            case 0..<0x20:
                throw syntaxError("control character U+\(String(byte, radix: 16, uppercase: true)) in a string must be escaped")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }

    private mutating func parseHex4() throws(SafeTensorsError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw syntaxError("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// Scans a JSON number, checking the grammar. `integer` is set for a plain non-negative
    /// integer that fits in `Int`; `text` is the number as written (shortened if very long).
    private mutating func scanNumber() throws(SafeTensorsError) -> (integer: Int?, text: String) {
        let start = position
        var isPlainInteger = true
        var value = 0
        var fitsInInt = true
        if peek() == UInt8(ascii: "-") {
            position += 1
            isPlainInteger = false
        }
        guard let first = peek(), Self.isDigit(first) else { throw syntaxError("invalid number") }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), Self.isDigit(next) { throw syntaxError("invalid number: leading zero") }
        } else {
            while let byte = peek(), Self.isDigit(byte) {
                if fitsInInt {
                    let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    if overflow1 || overflow2 { fitsInInt = false } else { value = sum }
                }
                position += 1
            }
        }
        if peek() == UInt8(ascii: ".") {
            isPlainInteger = false
            position += 1
            guard let byte = peek(), Self.isDigit(byte) else { throw syntaxError("invalid number: no digits after '.'") }
            while let byte = peek(), Self.isDigit(byte) { position += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isPlainInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek(), Self.isDigit(byte) else { throw syntaxError("invalid number: no digits in the exponent") }
            while let byte = peek(), Self.isDigit(byte) { position += 1 }
        }
        let length = position - start
        let shown = bytes[start..<(start + min(length, 40))]
        let text = String(decoding: shown, as: UTF8.self) + (length > 40 ? "… (\(length) characters)" : "")
        return (isPlainInteger && fitsInInt ? value : nil, text)
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(SafeTensorsError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard position + expected.count <= bytes.count,
              bytes[position..<(position + expected.count)].elementsEqual(expected) else {
            throw syntaxError("invalid literal")
        }
        position += expected.count
    }

    /// Skips one well-formed JSON value of any kind without recursion; `depth` is the
    /// nesting level of the container holding it.
    private mutating func skipValue(depth: Int) throws(SafeTensorsError) {
        var open: [UInt8] = []  // closing bracket of each open container
        while true {
            // Expecting a value.
            skipWhitespace()
            guard let byte = peek() else { throw syntaxError("unexpected end of header, expected a value") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth + open.count + 1 <= Self.maximumDepth else {
                    throw syntaxError("nesting deeper than \(Self.maximumDepth) levels")
                }
                position += 1
                let closing = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                skipWhitespace()
                if peek() == closing {
                    position += 1
                } else {
                    open.append(closing)
                    if closing == UInt8(ascii: "}") { _ = try parseKey() }
                    continue
                }
            case UInt8(ascii: "\""):
                _ = try parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try scanNumber()
            case UInt8(ascii: "t"):
                try parseLiteral("true")
            case UInt8(ascii: "f"):
                try parseLiteral("false")
            case UInt8(ascii: "n"):
                try parseLiteral("null")
            default:
                throw syntaxError("unexpected character '\(Self.printable(byte))'")
            }
            // A value is complete: close finished containers, or move to the next element.
            while let closing = open.last {
                if try endOfContainer(closing: closing) {
                    open.removeLast()
                } else {
                    if closing == UInt8(ascii: "}") {
                        skipWhitespace()
                        _ = try parseKey()
                    }
                    break
                }
            }
            if open.isEmpty { return }
        }
    }

    // MARK: Helpers

    /// Throws a syntax error unless a JSON value can start at the current position.
    private func checkValueStart() throws(SafeTensorsError) {
        guard let byte = peek() else { throw syntaxError("unexpected end of header, expected a value") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return
        default:
            throw syntaxError("unexpected character '\(Self.printable(byte))'")
        }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func syntaxError(_ reason: String) -> SafeTensorsError {
        .invalidJSON(byteOffset: base + position, reason: reason)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    private static func kindDescription(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        default: "'\(printable(byte))'"
        }
    }
}
