import AltaTensors
import AltaTransformer
import Foundation
import Testing

/// Seeded mutation fuzzing: valid files are corrupted in many ways; decoding must never
/// crash, and whatever it accepts must be self-consistent and agree with an independent JSON
/// parser and with reading the same bytes from disk.
@Suite("SafeTensors: fuzzing the decoder")
struct SafeTensorsFuzzTests {
    private static let byteSizedTypes = SafeTensorsDType.allCases.filter { $0.bitSize % 8 == 0 }

    private static func randomName(_ rng: inout SplitMix64) -> String {
        let pieces = ["blocks", "0", "1", ".", "attn", "W_Q", "mlp", "\"", "\\", "é", "\n", "🙂", "x", "_"]
        return (0..<Int.random(in: 1...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    private static func randomFile(_ rng: inout SplitMix64) throws -> SafeTensorsFile {
        var tensors: [String: SafeTensor] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            let dtype = byteSizedTypes.randomElement(using: &rng)!
            let shape = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 0...4, using: &rng) }
            let count = try SafeTensor.byteCount(dtype: dtype, shape: shape)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            tensors[randomName(&rng)] = try SafeTensor(dtype: dtype, shape: shape, bytes: bytes)
        }
        var metadata: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...2, using: &rng) { metadata[randomName(&rng)] = randomName(&rng) }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Applies one random corruption.
    private static func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        let jsonBytes = Array(#"{}[]",:0123456789-.eE \u"#.utf8)
        let headerEnd = bytes.count >= 8
            ? min(bytes.count, 8 + (Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16)) : bytes.count
        switch Int.random(in: 0..<10, using: &rng) {
        case 0 where !bytes.isEmpty:
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        case 1 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 2:
            bytes.removeLast(Int.random(in: 0...bytes.count, using: &rng))
        case 3:
            let insert = (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.insert(contentsOf: insert, at: Int.random(in: 0...bytes.count, using: &rng))
        case 4 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...16, using: &rng)))
        case 5 where bytes.count >= 8:
            let choices: [UInt64] = [0, 1, 2, 7, 8, UInt64(bytes.count), UInt64(bytes.count - 8), UInt64(bytes.count - 7),
                                     100_000_000, 100_000_001, .max, 1 << 63, UInt64.random(in: 0...UInt64.max, using: &rng)]
            let length = choices.randomElement(using: &rng)!
            for index in 0..<8 { bytes[index] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(index))) }
        case 6 where headerEnd > 8:
            // A JSON-significant character inside the header.
            bytes[Int.random(in: 8..<headerEnd, using: &rng)] = jsonBytes.randomElement(using: &rng)!
        case 7 where headerEnd > 8:
            // Replace a digit run with a different number (possibly huge or negative).
            let digits = (8..<headerEnd).filter { (48...57).contains(bytes[$0]) }
            if let index = digits.randomElement(using: &rng) {
                let replacement = ["0", "7", "96", "-1", "1.5", "99999999999999999999", "9223372036854775807", "1e3"]
                    .randomElement(using: &rng)!
                bytes.replaceSubrange(index...index, with: Array(replacement.utf8))
            }
        case 8 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            let slice = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...32, using: &rng))])
            bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &rng))
        default:
            bytes += (0..<Int.random(in: 1...9, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
    }

    private static func headerLength(_ bytes: [UInt8]) -> Int {
        bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }

    @Test("mutated and truncated files never crash the decoder; accepted files are consistent")
    func mutationFuzz() throws {
        var rng = SplitMix64(seed: 0xF0220)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alta-st-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fileURL = directory.appendingPathComponent("sample.safetensors")

        var accepted = 0
        var rejected = 0
        var rejectedKinds: Set<String> = []
        for sample in 0..<4000 {
            var bytes = try Self.randomFile(&rng).encoded()
            for _ in 0..<Int.random(in: 1...3, using: &rng) { Self.mutate(&bytes, &rng) }

            let outcome: Result<SafeTensorsFile, SafeTensorsError>
            do {
                outcome = .success(try SafeTensorsFile.decode(bytes))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case let .success(file):
                accepted += 1
                // The data section is exactly the tensors' bytes.
                let dataLength = bytes.count - 8 - Self.headerLength(bytes)
                #expect(file.tensors.values.reduce(0) { $0 + $1.bytes.count } == dataLength)
                // Re-encoding gives a file that decodes to the same contents.
                #expect(try SafeTensorsFile.decode(file.encoded()) == file)
                // Foundation's JSON parser reads the accepted header and sees the same names.
                let header = Data(bytes[8..<(8 + Self.headerLength(bytes))])
                let object = try #require(try JSONSerialization.jsonObject(with: header) as? [String: Any], "sample \(sample)")
                #expect(Set(object.keys.filter { $0 != "__metadata__" }) == Set(file.tensors.keys), "sample \(sample)")
            case let .failure(error):
                rejected += 1
                // The enum case's name (every case has associated values, so it is the child label).
                rejectedKinds.insert(Mirror(reflecting: error).children.first?.label ?? "\(error)")
                #expect(!error.description.isEmpty)
            }

            // Reading the same bytes from disk gives the same outcome.
            if sample % 20 == 0 {
                try Data(bytes).write(to: fileURL)
                let fromDisk: Result<SafeTensorsFile, SafeTensorsError>
                do {
                    fromDisk = .success(try SafeTensorsFile.read(from: fileURL))
                } catch {
                    fromDisk = .failure(error)
                }
                #expect(fromDisk == outcome, "sample \(sample)")
            }
        }
        #expect(accepted > 50)
        #expect(rejected > 2000)
        // The mutations reach many different checks.
        #expect(rejectedKinds.count >= 15, "\(rejectedKinds.sorted())")
    }

    @Test("every prefix of a valid file is rejected without crashing")
    func everyTruncation() throws {
        let file = SafeTensorsFile(
            tensors: [
                "w": try SafeTensor(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3]),
                "b": try SafeTensor(bfloat16: [1, -1], shape: [2]),
                "s": try SafeTensor(int64: [42], shape: []),
            ],
            metadata: ["format": "pt"])
        let bytes = try file.encoded()
        for length in 0..<bytes.count {
            #expect(decodeError(Array(bytes.prefix(length))) != nil, "prefix \(length)")
        }
        #expect(try SafeTensorsFile.decode(bytes) == file)
    }
}
