import AltaTensors
import Foundation

/// Mutates the bytes of a `model.safetensors` file: the header length, the header JSON
/// (dtypes, shapes, offsets, names), truncation, appended bytes, bit flips and NaN/∞
/// written into the data.
enum SafeTensorsMutator {
    /// One mutation of `file` and its description.
    static func mutate(_ file: Data, using rng: inout SplitMix64) -> (data: Data, change: String) {
        let bytes = [UInt8](file)
        guard bytes.count > 8 else { return (Data(bytes + [0]), "appended a byte") }
        let headerLength = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let dataStart = 8 + min(headerLength, bytes.count - 8)
        switch rng.int(in: 0...9) {
        case 0:
            let choices: [UInt64] = [0, 1, UInt64(max(headerLength - 1, 0)), UInt64(headerLength + 1), UInt64(bytes.count),
                                     UInt64.max, UInt64(Int64.max), 1 << 40, rng.next() % UInt64(bytes.count * 2)]
            let value = choices[rng.int(in: 0...(choices.count - 1))]
            var out = bytes
            for i in 0..<8 { out[i] = UInt8((value >> (8 * UInt64(i))) & 0xff) }
            return (Data(out), "set the header length to \(value)")
        case 1, 2, 3:
            let header = Data(bytes[8..<dataStart])
            guard let (json, change) = JSONMutator.mutate(header, using: &rng) else {
                return (Data(bytes.prefix(dataStart)), "dropped the data")
            }
            var out: [UInt8] = []
            let length = UInt64(json.count)
            for i in 0..<8 { out.append(UInt8((length >> (8 * UInt64(i))) & 0xff)) }
            out += [UInt8](json)
            out += bytes[dataStart...]
            return (Data(out), "header: \(change)")
        case 4:
            let cut = rng.int(in: 0...(bytes.count - 1))
            return (Data(bytes.prefix(cut)), "truncated to \(cut) bytes")
        case 5:
            var out = bytes
            let count = rng.int(in: 1...4)
            var flipped: [Int] = []
            for _ in 0..<count {
                let at = rng.int(in: 8...max(8, dataStart - 1))
                out[at] ^= UInt8(1 << rng.int(in: 0...7))
                flipped.append(at)
            }
            return (Data(out), "flipped header bits at bytes \(flipped)")
        case 6, 7:
            guard dataStart < bytes.count else { return (Data(bytes), "no change (no data)") }
            var out = bytes
            let count = rng.int(in: 1...16)
            for _ in 0..<count {
                let at = rng.int(in: dataStart...(bytes.count - 1))
                out[at] ^= UInt8(1 << rng.int(in: 0...7))
            }
            return (Data(out), "flipped \(count) data bits")
        case 8:
            guard bytes.count - dataStart >= 4 else { return (Data(bytes), "no change (no data)") }
            var out = bytes
            let slot = rng.int(in: 0...((bytes.count - dataStart) / 4 - 1))
            let specials: [Float] = [.nan, .infinity, -.infinity, .signalingNaN]
            let value = specials[rng.int(in: 0...(specials.count - 1))]
            withUnsafeBytes(of: value.bitPattern.littleEndian) { raw in
                for i in 0..<4 { out[dataStart + 4 * slot + i] = raw[i] }
            }
            return (Data(out), "wrote \(value) at data float \(slot)")
        default:
            let extra = (0..<rng.int(in: 1...64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            return (Data(bytes + extra), "appended \(extra.count) bytes")
        }
    }
}
