/// A parsed safetensors header: the tensor entries as written and the metadata, plus the
/// checks that tie them to the data buffer. Shared by in-memory decoding and file reading.
struct SafeTensorsHeader {
    /// One tensor's header entry.
    struct Entry {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        /// Offsets into the data buffer (the bytes after the header), END exclusive.
        var begin: Int
        var end: Int
        /// File offset of the entry's JSON value.
        var headerByteOffset: Int
    }

    /// The largest header the reference implementation accepts (and the writer produces).
    static let maximumLength = 100_000_000

    /// Entries in header order.
    var entries: [Entry]
    /// The string → string `__metadata__` (empty when absent or `null`).
    var metadata: [String: String]

    /// Checks a declared header length against the limit and the file length; returns it as
    /// `Int`. Called before anything of that size is allocated.
    static func checkedLength(_ declared: UInt64, fileLength: Int) throws(SafeTensorsError) -> Int {
        guard declared <= UInt64(maximumLength) else { throw .headerTooLarge(headerLength: declared) }
        let length = Int(declared)
        guard 8 + length <= fileLength else { throw .invalidHeaderLength(headerLength: declared, fileLength: fileLength) }
        return length
    }

    /// Parses header bytes that start at file offset 8: UTF-8 check, then strict JSON.
    static func parse(_ bytes: [UInt8]) throws(SafeTensorsError) -> SafeTensorsHeader {
        if let invalid = firstInvalidUTF8Offset(bytes) {
            throw .headerNotUTF8(byteOffset: 8 + invalid)
        }
        var parser = SafeTensorsHeaderParser(bytes: bytes, fileOffset: 8)
        return try parser.parseHeader()
    }

    /// The entries sorted by offsets, after checking that they tile the `dataLength` bytes
    /// after the header exactly: contiguous from 0, each END − BEGIN equal to the size its
    /// dtype and shape need, and no trailing bytes. Uses only overflow-checked arithmetic and
    /// allocates nothing based on shapes.
    func validatedLayout(headerLength: Int, dataLength: Int) throws(SafeTensorsError) -> [Entry] {
        let sorted = entries.sorted { left, right in
            if left.begin != right.begin { return left.begin < right.begin }
            if left.end != right.end { return left.end < right.end }
            return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
        var expectedBegin = 0
        for entry in sorted {
            guard entry.begin == expectedBegin else {
                throw .nonContiguousOffsets(tensor: entry.name, expectedBegin: expectedBegin, begin: entry.begin)
            }
            expectedBegin = entry.end
            guard let bits = SafeTensor.checkedBitCount(dtype: entry.dtype, shape: entry.shape) else {
                throw .validationOverflow(tensor: entry.name, shape: entry.shape)
            }
            guard bits % 8 == 0 else {
                throw .misalignedSubByteTensor(tensor: entry.name, dtype: entry.dtype, elementCount: bits / entry.dtype.bitSize)
            }
            guard entry.end - entry.begin == bits / 8 else {
                throw .tensorSizeMismatch(
                    tensor: entry.name, dtype: entry.dtype, shape: entry.shape,
                    expectedByteCount: bits / 8, actualByteCount: entry.end - entry.begin)
            }
        }
        if expectedBegin > dataLength, let first = sorted.first(where: { $0.end > dataLength }) {
            throw .dataBeyondEndOfFile(tensor: first.name, end: first.end, dataLength: dataLength)
        }
        if expectedBegin < dataLength {
            throw .trailingBytes(count: dataLength - expectedBegin, byteOffset: 8 + headerLength + expectedBegin)
        }
        return sorted
    }

    /// Offset of the first byte that is not part of valid UTF-8 (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF), or `nil` if all is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + 1 < count, secondRange.contains(bytes[index + 1]) else { return index }
            for continuation in 2..<length {
                guard index + continuation < count, (0x80...0xBF).contains(bytes[index + continuation]) else {
                    return index
                }
            }
            index += length
        }
        return nil
    }
}
