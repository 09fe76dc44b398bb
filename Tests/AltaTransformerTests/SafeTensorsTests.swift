import AltaTensors
import AltaTransformer
import Foundation
import AltaTestSupport
import Testing

@Suite("SafeTensors: writing and reading valid files")
struct SafeTensorsTests {
    // MARK: Helpers

    /// A shape valid for `dtype` (sub-byte types need whole bytes) with `elements` elements,
    /// drawn from a few layouts.
    private static func shapes(for dtype: SafeTensorsDType) -> [[Int]] {
        switch dtype {
        case .F4: return [[0], [2], [3, 2], [0, 5]]
        case .F6_E2M3, .F6_E3M2: return [[0], [4], [2, 4], [3, 0]]
        default: return [[], [0], [1], [5], [2, 3], [3, 0, 2], [2, 1, 2, 2]]
        }
    }

    private static func randomTensor(_ dtype: SafeTensorsDType, shape: [Int], rng: inout SplitMix64) throws -> SafeTensor {
        let count = try SafeTensor.byteCount(dtype: dtype, shape: shape)
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return try SafeTensor(dtype: dtype, shape: shape, bytes: bytes)
    }

    /// The header's JSON object, parsed by Foundation (an independent parser).
    private static func headerObject(_ bytes: [UInt8]) throws -> [String: Any] {
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = Data(bytes[8..<(8 + length)])
        return try #require(try JSONSerialization.jsonObject(with: header) as? [String: Any])
    }

    private static func headerText(_ bytes: [UInt8]) -> String {
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    }

    // MARK: Round trips

    @Test("every dtype round-trips, including scalars and zero-element tensors")
    func roundTripEveryDType() throws {
        var rng = SplitMix64(seed: 0x5AFE)
        var tensors: [String: SafeTensor] = [:]
        for dtype in SafeTensorsDType.allCases {
            for (index, shape) in Self.shapes(for: dtype).enumerated() {
                tensors["t.\(dtype.rawValue).\(index)"] = try Self.randomTensor(dtype, shape: shape, rng: &rng)
            }
        }
        let file = SafeTensorsFile(tensors: tensors, metadata: ["format": "pt", "note": "every dtype"])
        let bytes = try file.encoded()
        let decoded = try SafeTensorsFile.decode(bytes)
        #expect(decoded == file)
        #expect(try SafeTensorsFile.decode(Data(bytes)) == file)
        // Scalars keep shape [] and one element; empty tensors keep their zero dimensions.
        #expect(decoded.tensors["t.F64.0"]?.shape == [])
        #expect(decoded.tensors["t.F64.0"]?.bytes.count == 8)
        #expect(decoded.tensors["t.I16.5"]?.shape == [3, 0, 2])
        #expect(decoded.tensors["t.I16.5"]?.bytes.isEmpty == true)
        // Re-encoding is byte-identical (the layout is canonical).
        #expect(try decoded.encoded() == bytes)
    }

    @Test("an empty file and a file with only metadata round-trip")
    func emptyFiles() throws {
        let empty = SafeTensorsFile()
        #expect(try SafeTensorsFile.decode(empty.encoded()) == empty)
        let onlyMetadata = SafeTensorsFile(metadata: ["a": "b"])
        #expect(try SafeTensorsFile.decode(onlyMetadata.encoded()) == onlyMetadata)
    }

    @Test("names and metadata with quotes, backslashes, control characters and non-ASCII round-trip")
    func escapedStrings() throws {
        let name = "quote\"back\\slash\nnew\u{1}line\ttab é 🙂 /"
        let file = SafeTensorsFile(
            tensors: [name: try SafeTensor(float32: [1, 2], shape: [2])],
            metadata: ["k\"ey": "va\\lue\u{1F}\r", "ünï": "ç😀"])
        let bytes = try file.encoded()
        #expect(try SafeTensorsFile.decode(bytes) == file)
        let header = Self.headerText(bytes)
        // Escaped the way serde_json escapes them.
        #expect(header.contains(#""quote\"back\\slash\nnew\u0001line\ttab é 🙂 /""#))
        #expect(header.contains(#""va\\lue\u001f\r""#))
        // Foundation's parser agrees on the names.
        let object = try Self.headerObject(bytes)
        #expect(Set(object.keys) == [name, "__metadata__"])
    }

    @Test("NaN, infinities and negative zero survive bit-exactly")
    func specialValues() throws {
        let values: [Float] = [.nan, -.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                               Float(bitPattern: 0x7FA0_0001)]
        let file = SafeTensorsFile(tensors: [
            "f32": try SafeTensor(float32: values, shape: [8]),
            "f64": try SafeTensor(float64: values.map { Double($0) }, shape: [2, 4]),
        ])
        let decoded = try SafeTensorsFile.decode(file.encoded())
        let f32 = try decoded.tensor("f32").float32Values()
        #expect(f32.map(\.bitPattern) == values.map(\.bitPattern))
        let f64 = try decoded.tensor("f64").float64Values()
        #expect(f64.map(\.bitPattern) == values.map { Double($0).bitPattern })
    }

    // MARK: The INTEROP worked example and the reference writer's own test vectors

    @Test("INTEROP §6 worked example: header 200 bytes, file 384 bytes")
    func workedExample() throws {
        let wq = (0..<24).map { Float($0) * 0.25 - 3 }
        let we = (0..<20).map { Float($0) * -1.5 }
        let file = SafeTensorsFile(
            tensors: [
                "blocks.0.attn.W_Q": try SafeTensor(float32: wq, shape: [2, 4, 3]),
                "embed.W_E": try SafeTensor(float32: we, shape: [5, 4]),
            ],
            metadata: ["producer": "alta 0.1.0", "format": "pt"])
        let bytes = try file.encoded()
        #expect(bytes.count == 384)
        #expect(Array(bytes.prefix(8)) == [200, 0, 0, 0, 0, 0, 0, 0])
        let json = #"{"__metadata__":{"format":"pt","producer":"alta 0.1.0"},"#
            + #""blocks.0.attn.W_Q":{"dtype":"F32","shape":[2,4,3],"data_offsets":[0,96]},"#
            + #""embed.W_E":{"dtype":"F32","shape":[5,4],"data_offsets":[96,176]}}"#
        #expect(json.utf8.count == 196)
        #expect(Self.headerText(bytes) == json + "    ")
        // Data: W_Q's 96 bytes at file offset 208, then W_E's 80.
        let expectedData = (wq + we).flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
        #expect(Array(bytes[208...]) == expectedData)
        #expect(try SafeTensorsFile.decode(bytes) == file)
    }

    @Test("worked example size formula: header = roundUp8(186 + producer length), file = 8 + header + 176")
    func workedExampleSizeFormula() throws {
        let tensors = [
            "blocks.0.attn.W_Q": try SafeTensor(float32: Array(repeating: 1, count: 24), shape: [2, 4, 3]),
            "embed.W_E": try SafeTensor(float32: Array(repeating: 2, count: 20), shape: [5, 4]),
        ]
        for length in 0...40 {
            let producer = String(repeating: "p", count: length)
            let bytes = try SafeTensorsFile(tensors: tensors, metadata: ["producer": producer, "format": "pt"]).encoded()
            let header = (186 + length + 7) / 8 * 8
            #expect(bytes.count == 8 + header + 176, "producer length \(length)")
            #expect(Int(bytes[0]) | Int(bytes[1]) << 8 == header)
        }
    }

    @Test("reproduces the reference writer's test vectors byte for byte")
    func referenceWriterVectors() throws {
        // safetensors `tensor.rs` test_serialization: "attn.0", F32 [1,2,3], values 0…5.
        let attn = SafeTensorsFile(tensors: ["attn.0": try SafeTensor(float32: [0, 1, 2, 3, 4, 5], shape: [1, 2, 3])])
        let expected: [UInt8] = [
            64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
        ]
        #expect(try attn.encoded() == expected)
        // test_serialization_forced_alignement: "attn0", shape [1,1,2,3] → 7 padding spaces.
        let attn0 = SafeTensorsFile(tensors: ["attn0": try SafeTensor(float32: [0, 1, 2, 3, 4, 5], shape: [1, 1, 2, 3])])
        let aligned = try attn0.encoded()
        #expect(Array(aligned.prefix(8)) == [72, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(aligned[73..<80]) == Array(repeating: 32, count: 7))
        #expect(Array(aligned[80...]) == Array(expected[72...]))
        // test_empty: no tensors, without and with metadata.
        #expect(try SafeTensorsFile().encoded() == [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        let framework: [UInt8] = [
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32,
        ]
        #expect(try SafeTensorsFile(metadata: ["framework": "pt"]).encoded() == framework)
        #expect(try SafeTensorsFile.decode(framework) == SafeTensorsFile(metadata: ["framework": "pt"]))
    }

    // MARK: Layout

    @Test("the header is space-padded to a multiple of 8 for every name length")
    func alignmentAndPadding() throws {
        var rng = SplitMix64(seed: 8)
        for nameLength in 1...24 {
            let name = String(repeating: "n", count: nameLength)
            let tensor = try Self.randomTensor(.F64, shape: [3], rng: &rng)
            let bytes = try SafeTensorsFile(tensors: [name: tensor]).encoded()
            let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
            #expect(headerLength % 8 == 0)
            let jsonEnd = try #require(bytes[8..<(8 + headerLength)].lastIndex(of: UInt8(ascii: "}")))
            #expect(8 + headerLength - (jsonEnd + 1) < 8)
            #expect(bytes[(jsonEnd + 1)..<(8 + headerLength)].allSatisfy { $0 == 32 })
            #expect(Array(bytes[(8 + headerLength)...]) == tensor.bytes)
        }
    }

    @Test("data are ordered by descending dtype alignment, then name; header keys are sorted")
    func sortedOrder() throws {
        var rng = SplitMix64(seed: 3)
        let spec: [(String, SafeTensorsDType, [Int])] = [
            ("a", .U8, [3]), ("b", .F64, [2]), ("c", .F32, [1]), ("d", .F64, [1]), ("e", .BF16, [3]),
            ("f", .I64, [1]), ("g", .BOOL, [2]), ("B", .F32, [2]), ("z", .U64, []), ("y", .C64, [1]),
        ]
        var tensors: [String: SafeTensor] = [:]
        for (name, dtype, shape) in spec { tensors[name] = try Self.randomTensor(dtype, shape: shape, rng: &rng) }
        let bytes = try SafeTensorsFile(tensors: tensors, metadata: ["m": "v"]).encoded()
        let object = try Self.headerObject(bytes)
        var begins: [(String, Int)] = []
        for (name, _, _) in spec {
            let entry = try #require(object[name] as? [String: Any])
            let offsets = try #require(entry["data_offsets"] as? [Int])
            begins.append((name, offsets[0]))
        }
        let dataOrder = begins.sorted { $0.1 < $1.1 }.map(\.0)
        // U64 > I64 > F64 > C64 > F32 > BF16 > U8 > BOOL (the reference's dtype order), then by name.
        #expect(dataOrder == ["z", "f", "b", "d", "y", "B", "c", "e", "a", "g"])
        // Keys appear in UTF-8 byte order ("B" < "__metadata__" < "a").
        let text = Self.headerText(bytes)
        let keyPositions = ["B", "__metadata__", "a", "b", "c", "d", "e", "f", "g", "y", "z"].map {
            text.range(of: "\"\($0)\":")?.lowerBound
        }
        let positions = try keyPositions.map { try #require($0) }
        #expect(positions == positions.sorted())
    }

    @Test("the header agrees with Foundation's JSON parser entry by entry")
    func headerMatchesIndependentParser() throws {
        var rng = SplitMix64(seed: 11)
        var tensors: [String: SafeTensor] = [:]
        for index in 0..<30 {
            let dtype = SafeTensorsDType.allCases.filter { $0.bitSize % 8 == 0 }.randomElement(using: &rng)!
            let shape = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 0...4, using: &rng) }
            tensors["layer.\(index)"] = try Self.randomTensor(dtype, shape: shape, rng: &rng)
        }
        let bytes = try SafeTensorsFile(tensors: tensors).encoded()
        let object = try Self.headerObject(bytes)
        #expect(object.count == tensors.count)
        let dataStart = 8 + (Int(bytes[0]) | Int(bytes[1]) << 8)
        for (name, tensor) in tensors {
            let entry = try #require(object[name] as? [String: Any])
            #expect(entry["dtype"] as? String == tensor.dtype.rawValue)
            #expect(entry["shape"] as? [Int] == tensor.shape)
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(Array(bytes[(dataStart + offsets[0])..<(dataStart + offsets[1])]) == tensor.bytes)
        }
    }

    // MARK: Reading a file the format allows but our writer would not produce

    @Test("accepts any entry order, unknown fields, null metadata, whitespace, escapes and zero-size tensors")
    func lenientButValidHeaders() throws {
        let header = #"  { "z" : {"data_offsets":[8,8], "shape":[0,3], "dtype":"F16"},"#
            + #" "\u0061" : {"extra":{"deep":[1,2.5e-3,true,null,"s"]},"dtype":"I32","shape":[2],"data_offsets":[0,8]},"#
            + #" "__metadata__" : null }  "#
        let bytes = handMadeSafeTensors(header: header, data: [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF])
        let file = try SafeTensorsFile.decode(bytes)
        #expect(file.metadata.isEmpty)
        #expect(try file.tensor("a").int64Values() == [1, -2])
        #expect(try file.tensor("z").shape == [0, 3])
        #expect(try file.tensor("z").bytes.isEmpty)
        #expect(throws: SafeTensorsError.tensorNotFound("missing")) { try file.tensor("missing") }
    }

    // MARK: Building tensors

    @Test("typed initialisers write little-endian bytes")
    func typedInitialisers() throws {
        #expect(try SafeTensor(float32: [1], shape: []).bytes == [0, 0, 0x80, 0x3F])
        #expect(try SafeTensor(float64: [-2], shape: [1]).bytes == [0, 0, 0, 0, 0, 0, 0, 0xC0])
        #expect(try SafeTensor(float16: [1, -2], shape: [2]).bytes == [0x00, 0x3C, 0x00, 0xC0])
        #expect(try SafeTensor(bfloat16: [1, -2], shape: [2]).bytes == [0x80, 0x3F, 0x00, 0xC0])
        #expect(try SafeTensor(int64: [-1, 258], shape: [2]).bytes == [255, 255, 255, 255, 255, 255, 255, 255, 2, 1, 0, 0, 0, 0, 0, 0])
        #expect(try SafeTensor(int32: [0x0102_0304], shape: []).bytes == [4, 3, 2, 1])
        #expect(try SafeTensor(uint8: [7, 9], shape: [1, 2]).bytes == [7, 9])
        #expect(try SafeTensor(bool: [true, false, true], shape: [3]).bytes == [1, 0, 1])
        #expect(try SafeTensor(float32: [], shape: [0, 7]).bytes == [])
        #expect(try SafeTensor(float32: [3], shape: []).elementCount == 1)
    }

    @Test("initialisers reject shapes and buffers that do not match")
    func initialiserErrors() {
        #expect(throws: SafeTensorsError.valueCountMismatch(shape: [2, 3], expected: 6, actual: 5)) {
            try SafeTensor(float32: [1, 2, 3, 4, 5], shape: [2, 3])
        }
        #expect(throws: SafeTensorsError.valueCountMismatch(shape: [], expected: 1, actual: 0)) {
            try SafeTensor(int64: [], shape: [])
        }
        #expect(throws: SafeTensorsError.negativeDimension(shape: [2, -1])) {
            try SafeTensor(float64: [], shape: [2, -1])
        }
        #expect(throws: SafeTensorsError.shapeOverflow(shape: [Int.max, 3])) {
            try SafeTensor(uint8: [], shape: [Int.max, 3])
        }
        #expect(throws: SafeTensorsError.shapeOverflow(shape: [Int.max / 4])) {
            try SafeTensor(dtype: .F32, shape: [Int.max / 4], bytes: [])
        }
        #expect(throws: SafeTensorsError.byteCountMismatch(dtype: .F16, shape: [3], expected: 6, actual: 5)) {
            try SafeTensor(dtype: .F16, shape: [3], bytes: [0, 0, 0, 0, 0])
        }
        #expect(throws: SafeTensorsError.subByteShapeNotByteAligned(dtype: .F4, shape: [3])) {
            try SafeTensor(dtype: .F4, shape: [3], bytes: [0, 0])
        }
        #expect(throws: SafeTensorsError.subByteShapeNotByteAligned(dtype: .F6_E3M2, shape: [])) {
            try SafeTensor(dtype: .F6_E3M2, shape: [], bytes: [0])
        }
        #expect(throws: SafeTensorsError.reservedTensorName("__metadata__")) {
            try SafeTensorsFile(tensors: ["__metadata__": SafeTensor(float32: [1], shape: [])]).encoded()
        }
    }

    // MARK: Value conversions

    @Test("float32Values / float64Values / int64Values convert from each dtype")
    func valueConversions() throws {
        func tensor(_ dtype: SafeTensorsDType, _ bytes: [UInt8]) throws -> SafeTensor {
            try SafeTensor(dtype: dtype, shape: [bytes.count * 8 / dtype.bitSize], bytes: bytes)
        }
        #expect(try tensor(.I8, [0xFF, 0x7F, 0x80]).float32Values() == [-1, 127, -128])
        #expect(try tensor(.U8, [0xFF, 3]).float64Values() == [255, 3])
        #expect(try tensor(.BOOL, [0, 1, 2]).float32Values() == [0, 1, 1])
        #expect(try tensor(.I16, [0xFE, 0xFF, 0x2C, 0x01]).float32Values() == [-2, 300])
        #expect(try tensor(.U16, [0xFE, 0xFF]).float64Values() == [65534])
        #expect(try tensor(.I32, [0, 0, 0, 0x80]).float64Values() == [-2_147_483_648])
        #expect(try tensor(.U32, [0xFF, 0xFF, 0xFF, 0xFF]).float64Values() == [4_294_967_295])
        #expect(try tensor(.I64, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).float32Values() == [-1])
        #expect(try tensor(.U64, [0, 0, 0, 0, 0, 0, 0, 0x80]).float64Values() == [9_223_372_036_854_775_808])
        #expect(try tensor(.F16, [0x00, 0x3C, 0x01, 0x00, 0x00, 0xFC]).float32Values() == [1, 0x1p-24, -.infinity])
        #expect(try tensor(.BF16, [0x49, 0x40]).float32Values() == [3.140625])
        #expect(try SafeTensor(float64: [0.1], shape: []).float32Values() == [Float(0.1)])
        #expect(try SafeTensor(float32: [0.1], shape: []).float64Values() == [Double(Float(0.1))])
        #expect(try tensor(.F8_E4M3, [0x38, 0x7E, 0x7F]).float32Values().prefix(2) == [1, 448])
        #expect(try tensor(.F8_E4M3, [0x7F]).float32Values()[0].isNaN)
        #expect(try tensor(.I16, [0x00, 0x80]).int64Values() == [-32768])
        #expect(try tensor(.U64, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]).int64Values() == [Int64.max])
        #expect(try tensor(.BOOL, [0, 5]).int64Values() == [0, 1])
        expectError(SafeTensorsError.unsupportedConversion(from: .U64, to: "Int64 (value 9223372036854775808 is above Int64.max)"),
                    message: "cannot convert U64 values to Int64 (value 9223372036854775808 is above Int64.max)") {
            try tensor(.U64, [0, 0, 0, 0, 0, 0, 0, 0x80]).int64Values()
        }
        #expect(throws: SafeTensorsError.unsupportedConversion(from: .F32, to: "Int64")) {
            try SafeTensor(float32: [1], shape: []).int64Values()
        }
        #expect(throws: SafeTensorsError.unsupportedConversion(from: .C64, to: "floating point")) {
            try tensor(.C64, [0, 0, 0, 0, 0, 0, 0, 0]).float32Values()
        }
        #expect(throws: SafeTensorsError.unsupportedConversion(from: .F4, to: "floating point")) {
            try tensor(.F4, [0x21]).float64Values()
        }
    }

    @Test("dtype bit sizes and the reference alignment order")
    func dtypeTable() {
        let bits = Dictionary(uniqueKeysWithValues: SafeTensorsDType.allCases.map { ($0.rawValue, $0.bitSize) })
        #expect(bits == [
            "BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8,
            "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
            "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64, "U64": 64,
        ])
        // Ranks follow declaration order, and among whole-byte types a higher rank never has
        // a smaller element.
        let ordered = SafeTensorsDType.allCases.sorted { $0.alignmentRank < $1.alignmentRank }
        #expect(ordered == SafeTensorsDType.allCases)
        #expect(ordered.map(\.alignmentRank) == Array(0..<SafeTensorsDType.allCases.count))
        let byteSized = ordered.filter { $0.bitSize >= 8 }
        #expect(zip(byteSized, byteSized.dropFirst()).allSatisfy { $0.bitSize <= $1.bitSize })
    }
}
