/// Everything that can go wrong reading, writing or building safetensors data.
///
/// Byte offsets (`byteOffset`) are positions in the whole file, counted from its first byte
/// (the header JSON starts at offset 8). The reference implementation's error that each
/// reading case corresponds to is named in its documentation.
public enum SafeTensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: File framing

    /// The file is shorter than the 8-byte header length (`HeaderTooSmall`).
    case headerTooSmall(fileLength: Int)
    /// The declared header length is above the 100,000,000-byte limit (`HeaderTooLarge`);
    /// also thrown by the writer for a header that would be that large.
    case headerTooLarge(headerLength: UInt64)
    /// 8 + header length is beyond the end of the file (`InvalidHeaderLength`).
    case invalidHeaderLength(headerLength: UInt64, fileLength: Int)
    /// The header bytes are not valid UTF-8 (`InvalidHeader`).
    case headerNotUTF8(byteOffset: Int)

    // MARK: Header JSON (`InvalidHeaderDeserialization`)

    /// The header is not well-formed JSON: a syntax error, a bad escape, nesting deeper than
    /// the limit, or characters after the top-level object.
    case invalidJSON(byteOffset: Int, reason: String)
    /// The header's top-level JSON value is not an object.
    case headerNotAnObject(byteOffset: Int)
    /// Two top-level entries have the same tensor name.
    case duplicateTensorName(String, byteOffset: Int)
    /// A tensor's entry is not a JSON object.
    case tensorEntryNotAnObject(tensor: String, byteOffset: Int)
    /// A tensor's entry has the same field twice.
    case duplicateField(tensor: String, field: String, byteOffset: Int)
    /// A tensor's entry lacks `dtype`, `shape` or `data_offsets`.
    case missingField(tensor: String, field: String)
    /// A field of a tensor's entry has the wrong JSON type (`expected` names the right one).
    case invalidFieldType(tensor: String, field: String, expected: String, byteOffset: Int)
    /// A tensor's `dtype` is not one of the known names.
    case unknownDType(tensor: String, dtype: String)
    /// A dimension of a tensor's `shape` is not a non-negative integer that fits in `Int`.
    case invalidShapeDimension(tensor: String, index: Int, value: String, byteOffset: Int)
    /// A tensor's `data_offsets` array does not have exactly two elements.
    case dataOffsetsNotAPair(tensor: String, count: Int, byteOffset: Int)
    /// An element of a tensor's `data_offsets` is not a non-negative integer that fits in `Int`.
    case invalidDataOffset(tensor: String, value: String, byteOffset: Int)
    /// A tensor's `data_offsets` has BEGIN > END.
    case dataOffsetsReversed(tensor: String, begin: Int, end: Int)
    /// `__metadata__` is not a JSON object (or `null`).
    case metadataNotAnObject(byteOffset: Int)
    /// A `__metadata__` value is not a string.
    case metadataValueNotString(key: String, byteOffset: Int)
    /// `__metadata__` has the same key twice.
    case duplicateMetadataKey(String, byteOffset: Int)

    // MARK: Data layout

    /// Sorted by offsets, a tensor does not start where the previous one ended (`InvalidOffset`):
    /// a gap when `begin > expectedBegin`, an overlap when `begin < expectedBegin`.
    case nonContiguousOffsets(tensor: String, expectedBegin: Int, begin: Int)
    /// product(shape) × bits overflows (`ValidationOverflow`).
    case validationOverflow(tensor: String, shape: [Int])
    /// A sub-byte tensor whose data does not end on a byte boundary (`MisalignedSlice`).
    case misalignedSubByteTensor(tensor: String, dtype: SafeTensorsDType, elementCount: Int)
    /// END − BEGIN differs from product(shape) × bits / 8 (`TensorInvalidInfo`).
    case tensorSizeMismatch(tensor: String, dtype: SafeTensorsDType, shape: [Int], expectedByteCount: Int, actualByteCount: Int)
    /// A tensor's data extends past the end of the file (`MetadataIncompleteBuffer`): its END
    /// (a data-buffer offset) is beyond the `dataLength` bytes that follow the header.
    case dataBeyondEndOfFile(tensor: String, end: Int, dataLength: Int)
    /// Bytes after the last tensor's data (`MetadataIncompleteBuffer`).
    case trailingBytes(count: Int, byteOffset: Int)

    // MARK: Files

    /// The file could not be opened or read.
    case fileReadFailed(path: String, reason: String)
    /// The file could not be written; an existing file at `path` was left unchanged.
    case fileWriteFailed(path: String, reason: String)

    // MARK: Building tensors and files

    /// A tensor may not be called `__metadata__` (the header key of the metadata).
    case reservedTensorName(String)
    /// A shape has a negative dimension.
    case negativeDimension(shape: [Int])
    /// The number of elements or bytes of a shape overflows `Int`.
    case shapeOverflow(shape: [Int])
    /// A value array's length differs from the shape's element count.
    case valueCountMismatch(shape: [Int], expected: Int, actual: Int)
    /// A byte buffer's length differs from what the dtype and shape need.
    case byteCountMismatch(dtype: SafeTensorsDType, shape: [Int], expected: Int, actual: Int)
    /// A shape with this many elements of a sub-byte type does not fill whole bytes.
    case subByteShapeNotByteAligned(dtype: SafeTensorsDType, shape: [Int])
    /// The values of this dtype cannot be converted to the requested type.
    case unsupportedConversion(from: SafeTensorsDType, to: String)
    /// No tensor of this name in the file.
    case tensorNotFound(String)

    /// A one-line message naming what is wrong and where (tensor, byte offset, value).
    public var description: String {
        switch self {
        case let .headerTooSmall(fileLength):
            return "safetensors file too small: \(fileLength) bytes, but the 8-byte header length alone needs 8"
        case let .headerTooLarge(headerLength):
            return "safetensors header length \(headerLength) is above the limit of 100000000 bytes"
        case let .invalidHeaderLength(headerLength, fileLength):
            return "safetensors header length \(headerLength) runs past the end of the \(fileLength)-byte file (needs 8 + \(headerLength) bytes)"
        case let .headerNotUTF8(byteOffset):
            return "safetensors header is not valid UTF-8 at byte \(byteOffset)"
        case let .invalidJSON(byteOffset, reason):
            return "safetensors header is not valid JSON at byte \(byteOffset): \(reason)"
        case let .headerNotAnObject(byteOffset):
            return "safetensors header at byte \(byteOffset) is not a JSON object"
        case let .duplicateTensorName(name, byteOffset) where name == "__metadata__":
            return "'\(name)' appears twice in the safetensors header (second at byte \(byteOffset))"
        case let .duplicateTensorName(name, byteOffset):
            return "tensor '\(name)' appears twice in the safetensors header (second at byte \(byteOffset))"
        case let .tensorEntryNotAnObject(tensor, byteOffset):
            return "header entry of tensor '\(tensor)' at byte \(byteOffset) is not a JSON object"
        case let .duplicateField(tensor, field, byteOffset):
            return "header entry of tensor '\(tensor)' has field '\(field)' twice (second at byte \(byteOffset))"
        case let .missingField(tensor, field):
            return "header entry of tensor '\(tensor)' has no '\(field)'"
        case let .invalidFieldType(tensor, field, expected, byteOffset):
            return "'\(field)' of tensor '\(tensor)' at byte \(byteOffset) must be \(expected)"
        case let .unknownDType(tensor, dtype):
            let known = SafeTensorsDType.allCases.map(\.rawValue).joined(separator: " ")
            return "tensor '\(tensor)' has unknown dtype '\(dtype)' (known: \(known))"
        case let .invalidShapeDimension(tensor, index, value, byteOffset):
            return "dimension \(index) of tensor '\(tensor)' at byte \(byteOffset) is \(value), not a non-negative integer that fits in 64-bit Int"
        case let .dataOffsetsNotAPair(tensor, count, byteOffset):
            return "'data_offsets' of tensor '\(tensor)' at byte \(byteOffset) has \(count) elements, not 2 ([BEGIN, END])"
        case let .invalidDataOffset(tensor, value, byteOffset):
            return "'data_offsets' of tensor '\(tensor)' has \(value) at byte \(byteOffset), not a non-negative integer that fits in 64-bit Int"
        case let .dataOffsetsReversed(tensor, begin, end):
            return "'data_offsets' of tensor '\(tensor)' are reversed: BEGIN \(begin) > END \(end)"
        case let .metadataNotAnObject(byteOffset):
            return "'__metadata__' at byte \(byteOffset) is not a JSON object of strings"
        case let .metadataValueNotString(key, byteOffset):
            return "'__metadata__' value of key '\(key)' at byte \(byteOffset) is not a string"
        case let .duplicateMetadataKey(key, byteOffset):
            return "'__metadata__' has key '\(key)' twice (second at byte \(byteOffset))"
        case let .nonContiguousOffsets(tensor, expectedBegin, begin):
            let kind = begin > expectedBegin ? "a gap of \(begin - expectedBegin) bytes" : "an overlap of \(expectedBegin - begin) bytes"
            return "tensor '\(tensor)' starts at data offset \(begin), but the previous tensor ends at \(expectedBegin) (\(kind)); tensors must tile the data buffer contiguously from 0"
        case let .validationOverflow(tensor, shape):
            return "size of tensor '\(tensor)' with shape \(shape) overflows"
        case let .misalignedSubByteTensor(tensor, dtype, elementCount):
            return "tensor '\(tensor)' has \(elementCount) elements of \(dtype.rawValue) (\(dtype.bitSize) bits each), which do not end on a byte boundary"
        case let .tensorSizeMismatch(tensor, dtype, shape, expected, actual):
            return "tensor '\(tensor)' (\(dtype.rawValue), shape \(shape)) needs \(expected) bytes, but its data_offsets span \(actual)"
        case let .dataBeyondEndOfFile(tensor, end, dataLength):
            return "data of tensor '\(tensor)' ends at data offset \(end), past the end of the file (only \(dataLength) data bytes follow the header)"
        case let .trailingBytes(count, byteOffset):
            return "\(count) unexpected bytes after the last tensor's data, from byte \(byteOffset)"
        case let .fileReadFailed(path, reason):
            return "cannot read safetensors file '\(path)': \(reason)"
        case let .fileWriteFailed(path, reason):
            return "cannot write safetensors file '\(path)': \(reason)"
        case let .reservedTensorName(name):
            return "a tensor may not be named '\(name)' (reserved for the metadata)"
        case let .negativeDimension(shape):
            return "shape \(shape) has a negative dimension"
        case let .shapeOverflow(shape):
            return "the size of shape \(shape) overflows"
        case let .valueCountMismatch(shape, expected, actual):
            return "shape \(shape) needs \(expected) values, but \(actual) were given"
        case let .byteCountMismatch(dtype, shape, expected, actual):
            return "a \(dtype.rawValue) tensor of shape \(shape) needs \(expected) bytes, but \(actual) were given"
        case let .subByteShapeNotByteAligned(dtype, shape):
            return "a \(dtype.rawValue) tensor of shape \(shape) does not fill whole bytes"
        case let .unsupportedConversion(from, to):
            return "cannot convert \(from.rawValue) values to \(to)"
        case let .tensorNotFound(name):
            return "no tensor named '\(name)'"
        }
    }
}
