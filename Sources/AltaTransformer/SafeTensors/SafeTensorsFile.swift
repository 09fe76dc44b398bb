import Foundation

/// The contents of a safetensors file: named tensors and string metadata.
///
/// Format (see `reference/INTEROP.md` §6): an unsigned 64-bit little-endian header length N,
/// N bytes of UTF-8 JSON header, then the tensor data. Decoding performs every check of the
/// reference implementation (and rejects duplicate keys, which JSON libraries usually
/// accept silently); encoding produces what the reference writer produces.
public struct SafeTensorsFile: Sendable, Equatable {
    /// The tensors by name. Names compare as Swift strings (canonical equivalence), so two
    /// header names that differ only in Unicode normalisation count as duplicates.
    public var tensors: [String: SafeTensor]
    /// The `__metadata__` string map; written only when non-empty.
    public var metadata: [String: String]

    /// A file with these tensors and metadata.
    public init(tensors: [String: SafeTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, or `tensorNotFound`.
    public func tensor(_ name: String) throws(SafeTensorsError) -> SafeTensor {
        guard let tensor = tensors[name] else { throw .tensorNotFound(name) }
        return tensor
    }

    // MARK: Decoding

    /// Decodes a whole safetensors file held in memory.
    public static func decode(_ bytes: [UInt8]) throws(SafeTensorsError) -> SafeTensorsFile {
        let fileLength = bytes.count
        guard fileLength >= 8 else { throw .headerTooSmall(fileLength: fileLength) }
        let declared = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let headerLength = try SafeTensorsHeader.checkedLength(declared, fileLength: fileLength)
        let header = try SafeTensorsHeader.parse(Array(bytes[8..<(8 + headerLength)]))
        let dataStart = 8 + headerLength
        let layout = try header.validatedLayout(headerLength: headerLength, dataLength: fileLength - dataStart)
        var tensors: [String: SafeTensor] = [:]
        tensors.reserveCapacity(layout.count)
        for entry in layout {
            let slice = bytes[(dataStart + entry.begin)..<(dataStart + entry.end)]
            tensors[entry.name] = try SafeTensor(dtype: entry.dtype, shape: entry.shape, bytes: Array(slice))
        }
        return SafeTensorsFile(tensors: tensors, metadata: header.metadata)
    }

    /// Decodes a whole safetensors file held in memory.
    public static func decode(_ data: Data) throws(SafeTensorsError) -> SafeTensorsFile {
        try decode([UInt8](data))
    }

    // MARK: Encoding

    /// The file's bytes as the reference writer lays them out: tensors ordered by descending
    /// dtype alignment (`SafeTensorsDType.alignmentRank`) then by name (UTF-8 byte order);
    /// compact header JSON with keys in UTF-8 byte order, `__metadata__` only when
    /// non-empty, each entry as `{"dtype":…,"shape":[…],"data_offsets":[BEGIN,END]}`; the
    /// header padded with spaces to a multiple of 8 so the data starts 8-byte aligned.
    public func encoded() throws(SafeTensorsError) -> [UInt8] {
        if tensors["__metadata__"] != nil { throw .reservedTensorName("__metadata__") }
        let dataOrder = tensors.sorted { left, right in
            let leftRank = left.value.dtype.alignmentRank
            let rightRank = right.value.dtype.alignmentRank
            if leftRank != rightRank { return leftRank > rightRank }
            return left.key.utf8.lexicographicallyPrecedes(right.key.utf8)
        }
        var offsets: [String: (begin: Int, end: Int)] = [:]
        var dataLength = 0
        for (name, tensor) in dataOrder {
            offsets[name] = (dataLength, dataLength + tensor.bytes.count)
            dataLength += tensor.bytes.count
        }

        var keys = Array(tensors.keys)
        if !metadata.isEmpty { keys.append("__metadata__") }
        keys.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var header: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in keys.enumerated() {
            if index > 0 { header.append(UInt8(ascii: ",")) }
            Self.appendJSONString(key, to: &header)
            header.append(UInt8(ascii: ":"))
            if let tensor = tensors[key], let span = offsets[key] {
                header.append(contentsOf: Array("{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[".utf8))
                header.append(contentsOf: Array(tensor.shape.map { String($0) }.joined(separator: ",").utf8))
                header.append(contentsOf: Array("],\"data_offsets\":[\(span.begin),\(span.end)]}".utf8))
            } else {
                header.append(UInt8(ascii: "{"))
                let metadataKeys = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                for (metadataIndex, metadataKey) in metadataKeys.enumerated() {
                    if metadataIndex > 0 { header.append(UInt8(ascii: ",")) }
                    Self.appendJSONString(metadataKey, to: &header)
                    header.append(UInt8(ascii: ":"))
                    Self.appendJSONString(metadata[metadataKey] ?? "", to: &header)
                }
                header.append(UInt8(ascii: "}"))
            }
        }
        header.append(UInt8(ascii: "}"))
        let padding = (8 - header.count % 8) % 8
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        guard header.count <= SafeTensorsHeader.maximumLength else {
            throw .headerTooLarge(headerLength: UInt64(header.count))
        }

        var result: [UInt8] = []
        result.reserveCapacity(8 + header.count + dataLength)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { result.append(contentsOf: $0) }
        result.append(contentsOf: header)
        for (_, tensor) in dataOrder {
            result.append(contentsOf: tensor.bytes)
        }
        return result
    }

    /// Appends `string` as a JSON string literal, escaped as serde_json does: `"` and `\`,
    /// `\b \f \n \r \t`, other control characters as `\u00xx`; everything else verbatim UTF-8.
    private static func appendJSONString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
