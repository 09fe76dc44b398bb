import AltaTransformer

/// Builds safetensors bytes by hand: the u64 length (the header's length unless
/// `declaredLength` is given), the header bytes, then `data`.
func handMadeSafeTensors(headerBytes: [UInt8], data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let length = declaredLength ?? UInt64(headerBytes.count)
    var bytes: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
    bytes += headerBytes
    bytes += data
    return bytes
}

/// Builds safetensors bytes by hand from a header string (not padded unless it already is).
func handMadeSafeTensors(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    handMadeSafeTensors(headerBytes: Array(header.utf8), data: data, declaredLength: declaredLength)
}

/// The error `SafeTensorsFile.decode` throws for `bytes`, or `nil` if it decodes.
func decodeError(_ bytes: [UInt8]) -> SafeTensorsError? {
    do {
        _ = try SafeTensorsFile.decode(bytes)
        return nil
    } catch {
        return error
    }
}

/// `count` bytes of data 0, 1, 2, … (mod 256).
func countingBytes(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0) }
}
