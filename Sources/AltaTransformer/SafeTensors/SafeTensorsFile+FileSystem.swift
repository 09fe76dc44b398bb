import Foundation

extension SafeTensorsFile {
    /// Reads and decodes the safetensors file at `url`.
    ///
    /// Reads the 8-byte header length first and checks it against the 100 MB limit and the
    /// file size before reading the header; checks the whole layout against the file size
    /// before reading any tensor data, then reads each tensor's bytes directly.
    public static func read(from url: URL) throws(SafeTensorsError) -> SafeTensorsFile {
        let file = try POSIXFile(openingForReading: url)
        defer { file.close() }
        let fileLength = file.length
        guard fileLength >= 8 else { throw .headerTooSmall(fileLength: fileLength) }
        let prefix = try file.read(count: 8)
        let declared = prefix.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let headerLength = try SafeTensorsHeader.checkedLength(declared, fileLength: fileLength)
        let header = try SafeTensorsHeader.parse(try file.read(count: headerLength))
        let layout = try header.validatedLayout(headerLength: headerLength, dataLength: fileLength - 8 - headerLength)
        var tensors: [String: SafeTensor] = [:]
        tensors.reserveCapacity(layout.count)
        for entry in layout {
            // The layout is contiguous from 0, so reading in order walks the data buffer.
            let bytes = try file.read(count: entry.end - entry.begin)
            tensors[entry.name] = try SafeTensor(dtype: entry.dtype, shape: entry.shape, bytes: bytes)
        }
        return SafeTensorsFile(tensors: tensors, metadata: header.metadata)
    }

    /// Encodes and writes the file to `url` atomically: the bytes go to a new temporary file
    /// in the same folder, which is flushed and then renamed over `url`. On any failure
    /// (including encoding errors, which happen before the disk is touched) an existing file
    /// at `url` is left unchanged and the temporary file is removed.
    public func write(to url: URL) throws(SafeTensorsError) {
        let bytes = try encoded()
        try POSIXFile.writeAtomically(bytes, to: url)
    }
}
