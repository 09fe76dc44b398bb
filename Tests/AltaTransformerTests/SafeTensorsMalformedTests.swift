import AltaTransformer
import Testing

/// Every way a safetensors file can be wrong, each built by hand, each with its own error.
@Suite("SafeTensors: malformed files")
struct SafeTensorsMalformedTests {
    /// One F32 tensor "a" of shape [2] at [0, 8) with its 8 data bytes.
    private static let validEntry = #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#

    private static func entry(_ name: String, _ dtype: String, _ shape: String, _ offsets: String) -> String {
        #""\#(name)":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}"#
    }

    // MARK: Framing

    @Test("fewer than 8 bytes")
    func headerTooSmall() {
        #expect(decodeError([]) == .headerTooSmall(fileLength: 0))
        #expect(decodeError([2, 0, 0, 0, 0, 0, 0]) == .headerTooSmall(fileLength: 7))
    }

    @Test("header length above 100,000,000")
    func headerTooLarge() {
        #expect(decodeError(handMadeSafeTensors(header: "{}", declaredLength: 100_000_001)) == .headerTooLarge(headerLength: 100_000_001))
        #expect(decodeError(handMadeSafeTensors(header: "{}", declaredLength: .max)) == .headerTooLarge(headerLength: .max))
        // Exactly the limit is allowed by the length check (and then fails on the file size).
        #expect(decodeError(handMadeSafeTensors(header: "{}", declaredLength: 100_000_000))
            == .invalidHeaderLength(headerLength: 100_000_000, fileLength: 10))
    }

    @Test("8 + header length beyond the file")
    func invalidHeaderLength() {
        #expect(decodeError(handMadeSafeTensors(header: "{}", declaredLength: 3)) == .invalidHeaderLength(headerLength: 3, fileLength: 10))
        #expect(decodeError(handMadeSafeTensors(header: "", declaredLength: 1)) == .invalidHeaderLength(headerLength: 1, fileLength: 8))
    }

    @Test("header not UTF-8 (bad byte, overlong form, surrogate, truncated sequence)")
    func headerNotUTF8() {
        let prefix = Array(#"{"a"#.utf8)
        let invalidSequences: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]]
        for sequence in invalidSequences {
            let header = prefix + sequence + Array(#"":{}}"#.utf8)
            #expect(decodeError(handMadeSafeTensors(headerBytes: header)) == .headerNotUTF8(byteOffset: 8 + prefix.count), "\(sequence)")
        }
        // Valid multi-byte UTF-8 in names is fine.
        let valid = handMadeSafeTensors(header: "{" + Self.entry("é€𝄞", "U8", "[0]", "[0,0]") + "}")
        #expect(decodeError(valid) == nil)
    }

    // MARK: JSON syntax

    @Test("invalid JSON syntax is reported with its byte offset")
    func invalidJSON() {
        let headers = [
            "", "   ", "{", "{\"a\"", "{\"a\":", "{\"a\":@}", "{\"a\":{\"dtype\":", #"{"a":{"shape":[2,@]}}"#, #"{"__metadata__":}"#, #"{"a":{"dtype":"F32",}}"#, "{} x", "{}{}", "{'a':1}",
            #"{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}"#, #"{"a":{"x":1.}}"#, #"{"a":{"x":-}}"#,
            #"{"a":{"x":1e}}"#, #"{"a":{"x":tru}}"#, #"{"a":{"x":nul}}"#, #"{"a\q":{}}"#, #"{"\ud800":{}}"#,
            #"{"\udc00":{}}"#, #"{"\ud800\u0041":{}}"#, #"{"\u12G4":{}}"#, "{\"a\tb\":{}}", "{\"unterminated}",
            #"{"a":{"x":[1,2,]}}"#, #"{"a":{"x":[1 2]}}"#, #"{"a":{"x":{"k" 1}}}"#, #"{,}"#, "{}\u{0}\u{0}",
            #"{"a":{"x":+1}}"#, #"{"a":{"x":.5}}"#, #"{"a" "b"}"#,
        ]
        for header in headers {
            let error = decodeError(handMadeSafeTensors(header: header))
            guard case let .invalidJSON(offset, reason)? = error else {
                Issue.record("header \(header.debugDescription): expected invalidJSON, got \(String(describing: error))")
                continue
            }
            #expect((8...(8 + header.utf8.count)).contains(offset), "\(header.debugDescription)")
            #expect(!reason.isEmpty)
        }
        // The offset points at the offending character.
        #expect(decodeError(handMadeSafeTensors(header: "{} x")) == .invalidJSON(byteOffset: 11, reason: "unexpected characters after the header object"))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"dtype":"F32",}}"#))
            == .invalidJSON(byteOffset: 8 + 20, reason: "expected a string key"))
    }

    @Test("deep nesting and huge numbers are errors, not crashes")
    func hostileJSON() {
        let deep = String(repeating: "[", count: 200_000)
        #expect({
            if case .invalidJSON(_, let reason)? = decodeError(handMadeSafeTensors(header: deep)) { return reason.contains("nesting") }
            return false
        }())
        let deepField = #"{"a":{"x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}}"
        #expect({
            if case .invalidJSON(_, let reason)? = decodeError(handMadeSafeTensors(header: deepField)) { return reason.contains("nesting") }
            return false
        }())
        // Nesting up to the limit is accepted in an unknown field (header object = level 1,
        // entry = level 2, so 126 more levels fit).
        let allowed = #"{"a":{"x":"# + String(repeating: "[", count: 126) + String(repeating: "]", count: 126)
            + #","dtype":"U8","shape":[],"data_offsets":[0,1]}}"#
        #expect(decodeError(handMadeSafeTensors(header: allowed, data: [7])) == nil)
        let tooDeep = #"{"a":{"x":"# + String(repeating: "{\"k\":", count: 127) + "1" + String(repeating: "}", count: 127)
            + #","dtype":"U8","shape":[],"data_offsets":[0,1]}}"#
        #expect({
            if case .invalidJSON(_, let reason)? = decodeError(handMadeSafeTensors(header: tooDeep, data: [7])) { return reason.contains("nesting") }
            return false
        }())
        // A huge number in an ignored field is valid JSON; as a dimension it is rejected and
        // the message shows a shortened form.
        let hugeDigits = "9" + String(repeating: "0", count: 100_000)
        let ignored = #"{"a":{"x":"# + hugeDigits + #"e-99999,"dtype":"U8","shape":[],"data_offsets":[0,1]}}"#
        #expect(decodeError(handMadeSafeTensors(header: ignored, data: [7])) == nil)
        let asDimension = "{" + Self.entry("a", "U8", "[\(hugeDigits)]", "[0,1]") + "}"
        guard case let .invalidShapeDimension(tensor, index, value, _)? = decodeError(handMadeSafeTensors(header: asDimension, data: [7])) else {
            Issue.record("expected invalidShapeDimension")
            return
        }
        #expect(tensor == "a" && index == 0)
        #expect(value.hasPrefix("9000") && value.hasSuffix("(100001 characters)"))
    }

    // MARK: JSON shape

    @Test("top level not an object")
    func headerNotAnObject() {
        #expect(decodeError(handMadeSafeTensors(header: "[]")) == .headerNotAnObject(byteOffset: 8))
        #expect(decodeError(handMadeSafeTensors(header: "  \"x\"")) == .headerNotAnObject(byteOffset: 10))
        #expect(decodeError(handMadeSafeTensors(header: "null")) == .headerNotAnObject(byteOffset: 8))
    }

    @Test("tensor entry not an object, missing fields, wrong field types")
    func entryShape() {
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":5}"#)) == .tensorEntryNotAnObject(tensor: "a", byteOffset: 13))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":[]}"#)) == .tensorEntryNotAnObject(tensor: "a", byteOffset: 13))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"shape":[],"data_offsets":[0,1]}}"#)) == .missingField(tensor: "a", field: "dtype"))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"dtype":"U8","data_offsets":[0,1]}}"#)) == .missingField(tensor: "a", field: "shape"))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"dtype":"U8","shape":[]}}"#)) == .missingField(tensor: "a", field: "data_offsets"))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{}}"#)) == .missingField(tensor: "a", field: "dtype"))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"dtype":7}}"#))
            == .invalidFieldType(tensor: "a", field: "dtype", expected: "a string", byteOffset: 22))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"shape":"[2]"}}"#))
            == .invalidFieldType(tensor: "a", field: "shape", expected: "an array of non-negative integers", byteOffset: 22))
        #expect(decodeError(handMadeSafeTensors(header: #"{"a":{"data_offsets":{"0":1}}}"#))
            == .invalidFieldType(tensor: "a", field: "data_offsets", expected: "an array [BEGIN, END]", byteOffset: 29))
    }

    @Test("unknown dtype is named")
    func unknownDType() {
        let header = "{" + Self.entry("w", "F128", "[1]", "[0,16]") + "}"
        let error = decodeError(handMadeSafeTensors(header: header, data: countingBytes(16)))
        #expect(error == .unknownDType(tensor: "w", dtype: "F128"))
        #expect(error?.description.contains("'F128'") == true)
        #expect(decodeError(handMadeSafeTensors(header: "{" + Self.entry("w", "f32", "[1]", "[0,4]") + "}", data: countingBytes(4)))
            == .unknownDType(tensor: "w", dtype: "f32"))
    }

    @Test("shape dimensions that are not non-negative integers")
    func invalidShapes() {
        let cases: [(String, Int, String)] = [
            ("[-1]", 0, "-1"), ("[2.0]", 0, "2.0"), ("[1e2]", 0, "1e2"), ("[2,\"3\"]", 1, "a string"), ("[[2]]", 0, "an array"),
            ("[null]", 0, "null"), ("[true]", 0, "a boolean"), ("[{}]", 0, "an object"),
            ("[9223372036854775808]", 0, "9223372036854775808"), ("[1,18446744073709551616]", 1, "18446744073709551616"),
        ]
        for (shape, index, value) in cases {
            let header = "{" + Self.entry("s", "U8", shape, "[0,0]") + "}"
            guard case let .invalidShapeDimension(tensor, badIndex, badValue, offset)? = decodeError(handMadeSafeTensors(header: header)) else {
                Issue.record("shape \(shape): wrong error \(String(describing: decodeError(handMadeSafeTensors(header: header))))")
                continue
            }
            #expect(tensor == "s" && badIndex == index && badValue == value, "\(shape)")
            // The first dimension is at header index 28 (after `{"s":{"dtype":"U8","shape":[`).
            #expect(offset >= 8 + 28 && offset < 8 + header.utf8.count)
        }
    }

    @Test("data_offsets that are not a pair of non-negative integers, or reversed")
    func invalidOffsets() {
        func error(_ offsets: String, data: [UInt8] = []) -> SafeTensorsError? {
            decodeError(handMadeSafeTensors(header: "{" + Self.entry("o", "U8", "[0]", offsets) + "}", data: data))
        }
        #expect({ if case .dataOffsetsNotAPair(tensor: "o", count: 1, byteOffset: _)? = error("[0]") { true } else { false } }())
        #expect({ if case .dataOffsetsNotAPair(tensor: "o", count: 0, byteOffset: _)? = error("[]") { true } else { false } }())
        #expect({ if case .dataOffsetsNotAPair(tensor: "o", count: 3, byteOffset: _)? = error("[0,0,0]") { true } else { false } }())
        #expect({ if case .invalidDataOffset(tensor: "o", value: "-1", byteOffset: _)? = error("[-1,0]") { true } else { false } }())
        #expect({ if case .invalidDataOffset(tensor: "o", value: "0.5", byteOffset: _)? = error("[0,0.5]") { true } else { false } }())
        #expect({ if case .invalidDataOffset(tensor: "o", value: "a string", byteOffset: _)? = error("[\"0\",0]") { true } else { false } }())
        #expect(error("[4,0]", data: countingBytes(4)) == .dataOffsetsReversed(tensor: "o", begin: 4, end: 0))
    }

    @Test("__metadata__ that is not a string map")
    func invalidMetadata() {
        for header in [#"{"__metadata__":{"n":1}}"#, #"{"__metadata__":{"a":"x","n":null}}"#, #"{"__metadata__":{"n":{"x":"y"}}}"#] {
            let valueOffset = 8 + header.utf8.count - header.split(separator: "\"n\":").last!.utf8.count
            #expect(decodeError(handMadeSafeTensors(header: header)) == .metadataValueNotString(key: "n", byteOffset: valueOffset), "\(header)")
        }
        #expect(decodeError(handMadeSafeTensors(header: #"{"__metadata__":["x"]}"#)) == .metadataNotAnObject(byteOffset: 24))
        #expect(decodeError(handMadeSafeTensors(header: #"{"__metadata__":"x"}"#)) == .metadataNotAnObject(byteOffset: 24))
        #expect(decodeError(handMadeSafeTensors(header: #"{"__metadata__":{"k":"1","k":"2"}}"#)) == .duplicateMetadataKey("k", byteOffset: 33))
        #expect(decodeError(handMadeSafeTensors(header: #"{"__metadata__":{},"__metadata__":{}}"#)) == .duplicateTensorName("__metadata__", byteOffset: 27))
        // Allowed: empty object and null.
        #expect(decodeError(handMadeSafeTensors(header: #"{"__metadata__":{}}"#)) == nil)
        #expect(decodeError(handMadeSafeTensors(header: #"{"__metadata__":null}"#)) == nil)
    }

    @Test("duplicate tensor names and duplicate fields are detected, even via escapes")
    func duplicates() {
        let twice = "{" + Self.entry("a", "U8", "[1]", "[0,1]") + "," + Self.entry("a", "U8", "[1]", "[1,2]") + "}"
        let second = 8 + 1 + Self.entry("a", "U8", "[1]", "[0,1]").utf8.count + 1
        #expect(decodeError(handMadeSafeTensors(header: twice, data: [1, 2])) == .duplicateTensorName("a", byteOffset: second))
        let escaped = "{" + Self.entry("a", "U8", "[1]", "[0,1]") + "," + Self.entry(#"\u0061"#, "U8", "[1]", "[1,2]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: escaped, data: [1, 2])) == .duplicateTensorName("a", byteOffset: second))
        let field = #"{"a":{"dtype":"U8","shape":[1],"dtype":"U8","data_offsets":[0,1]}}"#
        #expect(decodeError(handMadeSafeTensors(header: field, data: [1])) == .duplicateField(tensor: "a", field: "dtype", byteOffset: 8 + 31))
        let unknownTwice = #"{"a":{"x":1,"x":2,"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        #expect(decodeError(handMadeSafeTensors(header: unknownTwice, data: [1])) == .duplicateField(tensor: "a", field: "x", byteOffset: 8 + 12))
    }

    // MARK: Layout

    @Test("offsets must tile the buffer from 0 without gaps or overlaps")
    func nonContiguous() {
        let gap = "{" + Self.entry("a", "U8", "[4]", "[0,4]") + "," + Self.entry("b", "U8", "[4]", "[8,12]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: gap, data: countingBytes(12))) == .nonContiguousOffsets(tensor: "b", expectedBegin: 4, begin: 8))
        let overlap = "{" + Self.entry("a", "U8", "[4]", "[0,4]") + "," + Self.entry("b", "U8", "[4]", "[2,6]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: overlap, data: countingBytes(6))) == .nonContiguousOffsets(tensor: "b", expectedBegin: 4, begin: 2))
        let notFromZero = "{" + Self.entry("a", "U8", "[4]", "[4,8]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: notFromZero, data: countingBytes(8))) == .nonContiguousOffsets(tensor: "a", expectedBegin: 0, begin: 4))
        let sameRegion = "{" + Self.entry("a", "U8", "[4]", "[0,4]") + "," + Self.entry("b", "U8", "[4]", "[0,4]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: sameRegion, data: countingBytes(4))) == .nonContiguousOffsets(tensor: "b", expectedBegin: 4, begin: 0))
        // Header order does not matter: entries are sorted by offsets first.
        let reversedOrder = "{" + Self.entry("b", "U8", "[4]", "[4,8]") + "," + Self.entry("a", "U8", "[4]", "[0,4]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: reversedOrder, data: countingBytes(8))) == nil)
        #expect(SafeTensorsError.nonContiguousOffsets(tensor: "b", expectedBegin: 4, begin: 8).description.contains("gap of 4 bytes"))
        #expect(SafeTensorsError.nonContiguousOffsets(tensor: "b", expectedBegin: 4, begin: 2).description.contains("overlap of 2 bytes"))
    }

    @Test("END − BEGIN must equal product(shape) × bits / 8")
    func sizeMismatch() {
        let short = "{" + Self.entry("a", "F32", "[2]", "[0,4]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: short, data: countingBytes(4)))
            == .tensorSizeMismatch(tensor: "a", dtype: .F32, shape: [2], expectedByteCount: 8, actualByteCount: 4))
        let scalar = "{" + Self.entry("s", "F64", "[]", "[0,4]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: scalar, data: countingBytes(4)))
            == .tensorSizeMismatch(tensor: "s", dtype: .F64, shape: [], expectedByteCount: 8, actualByteCount: 4))
        let empty = "{" + Self.entry("e", "F32", "[3,0]", "[0,4]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: empty, data: countingBytes(4)))
            == .tensorSizeMismatch(tensor: "e", dtype: .F32, shape: [3, 0], expectedByteCount: 0, actualByteCount: 4))
    }

    @Test("shape products that overflow; sub-byte tensors that do not fill whole bytes")
    func overflowAndSubByte() {
        let huge = "{" + Self.entry("h", "F32", "[4611686018427387904,4]", "[0,16]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: huge, data: countingBytes(16))) == .validationOverflow(tensor: "h", shape: [1 << 62, 4]))
        let bits = "{" + Self.entry("h", "F64", "[\(Int.max / 32)]", "[0,16]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: bits, data: countingBytes(16))) == .validationOverflow(tensor: "h", shape: [Int.max / 32]))
        // Overflow is found before a later zero dimension could hide it (reference order).
        let zeroLater = "{" + Self.entry("h", "U8", "[\(Int.max),2,0]", "[0,0]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: zeroLater)) == .validationOverflow(tensor: "h", shape: [Int.max, 2, 0]))
        // A huge dimension times a leading zero is just an empty tensor.
        let zeroFirst = "{" + Self.entry("h", "U8", "[0,\(Int.max)]", "[0,0]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: zeroFirst)) == nil)
        let f4 = "{" + Self.entry("q", "F4", "[3]", "[0,2]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: f4, data: [0, 0])) == .misalignedSubByteTensor(tensor: "q", dtype: .F4, elementCount: 3))
        let f4ok = "{" + Self.entry("q", "F4", "[3,2]", "[0,3]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: f4ok, data: [0, 0, 0])) == nil)
    }

    @Test("trailing bytes after the last tensor, and data beyond the end of the file")
    func bufferLength() {
        let header = "{" + Self.validEntry + "}"
        #expect(decodeError(handMadeSafeTensors(header: header, data: countingBytes(8))) == nil)
        #expect(decodeError(handMadeSafeTensors(header: header, data: countingBytes(11)))
            == .trailingBytes(count: 3, byteOffset: 8 + header.utf8.count + 8))
        #expect(decodeError(handMadeSafeTensors(header: header, data: countingBytes(5)))
            == .dataBeyondEndOfFile(tensor: "a", end: 8, dataLength: 5))
        #expect(decodeError(handMadeSafeTensors(header: "{}  ", data: [0])) == .trailingBytes(count: 1, byteOffset: 12))
        let far = "{" + Self.entry("f", "U8", "[\(Int.max / 8)]", "[0,\(Int.max / 8)]") + "}"
        #expect(decodeError(handMadeSafeTensors(header: far, data: countingBytes(3))) == .dataBeyondEndOfFile(tensor: "f", end: Int.max / 8, dataLength: 3))
    }

    @Test("error descriptions name the tensor, the offset and the value")
    func descriptions() {
        #expect(SafeTensorsError.invalidShapeDimension(tensor: "w", index: 1, value: "-3", byteOffset: 40).description
            == "dimension 1 of tensor 'w' at byte 40 is -3, not a non-negative integer that fits in 64-bit Int")
        #expect(SafeTensorsError.tensorSizeMismatch(tensor: "w", dtype: .BF16, shape: [3], expectedByteCount: 6, actualByteCount: 4).description
            == "tensor 'w' (BF16, shape [3]) needs 6 bytes, but its data_offsets span 4")
        #expect(SafeTensorsError.headerTooLarge(headerLength: 123_456_789).description.contains("123456789"))
        #expect(SafeTensorsError.duplicateTensorName("x.y", byteOffset: 99).description.contains("'x.y'"))
    }
}
