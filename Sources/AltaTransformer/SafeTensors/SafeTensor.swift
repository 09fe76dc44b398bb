/// One tensor of a safetensors file: a dtype, a shape and the raw little-endian,
/// row-major (C order) bytes.
///
/// Every initialiser checks that the byte count matches the dtype and shape, so a
/// `SafeTensor` is always writable. A shape of `[]` is a scalar (one element); a shape with a
/// zero dimension has no elements and no bytes.
public struct SafeTensor: Sendable, Equatable {
    /// The element type.
    public let dtype: SafeTensorsDType
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The data: `elementCount × dtype.bitSize / 8` bytes, little-endian, row-major.
    public let bytes: [UInt8]

    /// A tensor from raw bytes. Throws when a dimension is negative, the size overflows, or
    /// `bytes.count` is not what `dtype` and `shape` need.
    public init(dtype: SafeTensorsDType, shape: [Int], bytes: [UInt8]) throws(SafeTensorsError) {
        let expected = try Self.byteCount(dtype: dtype, shape: shape)
        guard bytes.count == expected else {
            throw .byteCountMismatch(dtype: dtype, shape: shape, expected: expected, actual: bytes.count)
        }
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An `F32` tensor.
    public init(float32 values: [Float], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        try self.init(dtype: .F32, shape: shape, bytes: Self.littleEndianBytes(values.map(\.bitPattern)))
    }

    /// An `F64` tensor.
    public init(float64 values: [Double], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        try self.init(dtype: .F64, shape: shape, bytes: Self.littleEndianBytes(values.map(\.bitPattern)))
    }

    /// An `F16` tensor; each value is rounded to the nearest half-precision number (ties to
    /// even, with subnormals; out-of-range values become ±inf).
    public init(float16 values: [Float], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        let bits = values.map(ReducedPrecisionFloat.float16Bits(from:))
        try self.init(dtype: .F16, shape: shape, bytes: Self.littleEndianBytes(bits))
    }

    /// A `BF16` tensor; each value is rounded to the nearest bfloat16 (ties to even).
    public init(bfloat16 values: [Float], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        let bits = values.map(ReducedPrecisionFloat.bfloat16Bits(from:))
        try self.init(dtype: .BF16, shape: shape, bytes: Self.littleEndianBytes(bits))
    }

    /// An `I64` tensor.
    public init(int64 values: [Int64], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        try self.init(dtype: .I64, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// An `I32` tensor.
    public init(int32 values: [Int32], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        try self.init(dtype: .I32, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// A `U8` tensor.
    public init(uint8 values: [UInt8], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        try self.init(dtype: .U8, shape: shape, bytes: values)
    }

    /// A `BOOL` tensor (one byte per element, 0 or 1).
    public init(bool values: [Bool], shape: [Int]) throws(SafeTensorsError) {
        try Self.checkValueCount(values.count, shape: shape)
        try self.init(dtype: .BOOL, shape: shape, bytes: values.map { $0 ? 1 : 0 })
    }

    /// The number of elements: the product of the shape (1 for a scalar).
    public var elementCount: Int {
        // The initialiser checked that this product does not overflow.
        shape.reduce(1, *)
    }

    // MARK: Reading values

    /// The values as `Float`, converted from any dtype but `C64`, `F4` and the `F6` types.
    /// `F64` and 64/32-bit integers are rounded to the nearest `Float`; `BOOL` gives 0 or 1.
    public func float32Values() throws(SafeTensorsError) -> [Float] {
        switch dtype {
        case .F32: return integers(UInt32.self).map(Float.init(bitPattern:))
        case .F16: return integers(UInt16.self).map(ReducedPrecisionFloat.float(fromFloat16Bits:))
        case .BF16: return integers(UInt16.self).map(ReducedPrecisionFloat.float(fromBFloat16Bits:))
        default: return try float64Values().map { Float($0) }
        }
    }

    /// The values as `Double`, converted from any dtype but `C64`, `F4` and the `F6` types
    /// (exactly, except 64-bit integers beyond 2^53, which are rounded).
    public func float64Values() throws(SafeTensorsError) -> [Double] {
        switch dtype {
        case .F64: return integers(UInt64.self).map(Double.init(bitPattern:))
        case .F32, .F16, .BF16: return try float32Values().map { Double($0) }
        case .BOOL: return bytes.map { $0 != 0 ? 1 : 0 }
        case .U8: return bytes.map { Double($0) }
        case .I8: return bytes.map { Double(Int8(bitPattern: $0)) }
        case .I16: return integers(Int16.self).map { Double($0) }
        case .U16: return integers(UInt16.self).map { Double($0) }
        case .I32: return integers(Int32.self).map { Double($0) }
        case .U32: return integers(UInt32.self).map { Double($0) }
        case .I64: return integers(Int64.self).map { Double($0) }
        case .U64: return integers(UInt64.self).map { Double($0) }
        case .F8_E5M2, .F8_E4M3, .F8_E8M0, .F8_E4M3FNUZ, .F8_E5M2FNUZ:
            return bytes.map { ReducedPrecisionFloat.double(fromFloat8Bits: $0, dtype: dtype) ?? .nan }
        case .F4, .F6_E2M3, .F6_E3M2, .C64:
            throw .unsupportedConversion(from: dtype, to: "floating point")
        }
    }

    /// The values as `Int64`, for `BOOL` and the integer dtypes. Throws for other dtypes and
    /// for a `U64` value above `Int64.max`.
    public func int64Values() throws(SafeTensorsError) -> [Int64] {
        switch dtype {
        case .BOOL: return bytes.map { $0 != 0 ? 1 : 0 }
        case .U8: return bytes.map { Int64($0) }
        case .I8: return bytes.map { Int64(Int8(bitPattern: $0)) }
        case .I16: return integers(Int16.self).map { Int64($0) }
        case .U16: return integers(UInt16.self).map { Int64($0) }
        case .I32: return integers(Int32.self).map { Int64($0) }
        case .U32: return integers(UInt32.self).map { Int64($0) }
        case .I64: return integers(Int64.self)
        case .U64:
            let values = integers(UInt64.self)
            if let tooLarge = values.first(where: { $0 > UInt64(Int64.max) }) {
                throw .unsupportedConversion(from: .U64, to: "Int64 (value \(tooLarge) is above Int64.max)")
            }
            return values.map { Int64($0) }
        default:
            throw .unsupportedConversion(from: dtype, to: "Int64")
        }
    }

    // MARK: Sizes

    /// The byte count of a `dtype` tensor of `shape`, with every check the format needs:
    /// no negative dimension, no overflow, whole bytes for sub-byte types.
    public static func byteCount(dtype: SafeTensorsDType, shape: [Int]) throws(SafeTensorsError) -> Int {
        if shape.contains(where: { $0 < 0 }) { throw .negativeDimension(shape: shape) }
        guard let bits = checkedBitCount(dtype: dtype, shape: shape) else { throw .shapeOverflow(shape: shape) }
        guard bits % 8 == 0 else { throw .subByteShapeNotByteAligned(dtype: dtype, shape: shape) }
        return bits / 8
    }

    /// product(shape) × bitSize, multiplying in order like the reference implementation;
    /// `nil` on overflow.
    static func checkedBitCount(dtype: SafeTensorsDType, shape: [Int]) -> Int? {
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            elements = product
        }
        let (bits, overflow) = elements.multipliedReportingOverflow(by: dtype.bitSize)
        return overflow ? nil : bits
    }

    // MARK: Helpers

    private static func checkValueCount(_ count: Int, shape: [Int]) throws(SafeTensorsError) {
        if shape.contains(where: { $0 < 0 }) { throw .negativeDimension(shape: shape) }
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            if overflow { throw .shapeOverflow(shape: shape) }
            elements = product
        }
        guard count == elements else { throw .valueCountMismatch(shape: shape, expected: elements, actual: count) }
    }

    /// The little-endian bytes of `values`, in order.
    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        #if _endian(little)
        return values.withUnsafeBytes { Array($0) }
        #else
        var result: [UInt8] = []
        result.reserveCapacity(values.count * MemoryLayout<T>.size)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { result.append(contentsOf: $0) }
        }
        return result
        #endif
    }

    /// The data read as little-endian integers of type `T` (the byte count is a multiple of
    /// `T`'s size for every dtype this is used with).
    private func integers<T: FixedWidthInteger>(_: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        let count = bytes.count / size
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
        }
    }
}
