import AltaTensors

extension TransformerModel {
    /// The bytes an export holds in memory at its peak: the padded float32 tensors of
    /// `model.safetensors` (TransformerLens shapes, every layer padded to the widest) and
    /// the encoded file; nil when too large to count.
    public var exportBytes: Int? {
        exportConfig(name: "").weightBytes.flatMap { MemoryLimit.bytes(of: [2, $0], bytesPerValue: 1) }
    }

    /// Throws unless ``exportBytes`` fits within the ``MemoryLimit`` in force; called by
    /// `export(to:)` before it builds any tensor, and by callers that want to refuse
    /// before doing other work.
    public func checkExportMemory() throws(ExportError) {
        do {
            try MemoryLimit.current().check(
                exportBytes, for: "exporting this model (padded float32 tensors and the file encoding them)")
        } catch {
            throw .memory(error)
        }
    }
}
