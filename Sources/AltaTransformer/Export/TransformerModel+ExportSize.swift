import AltaTensors

extension TransformerModel {
    /// The bytes an export holds in memory at its peak: the float32 tensors of
    /// `model.safetensors` stored as `encoding` says (TransformerLens shapes, every layer
    /// padded to the widest; sparse tensors hold only their non-zeros) and the encoded
    /// file; nil when too large to count.
    public func exportBytes(encoding: TensorEncoding = .automatic) -> Int? {
        switch encoding {
        case .dense:
            return exportConfig(name: "").weightBytes.flatMap { MemoryLimit.bytes(of: [2, $0], bytesPerValue: 1) }
        case .automatic:
            return Self.exportBytes(of: exportedTensors(), encoding: encoding)
        }
    }

    /// Twice the stored bytes of `tensors` (the tensors and the file encoding them).
    static func exportBytes(of tensors: [String: ExportedTensor], encoding: TensorEncoding) -> Int? {
        var total = 0
        for tensor in tensors.values {
            guard let bytes = tensor.storedBytes(as: encoding) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(bytes)
            guard !overflow else { return nil }
            total = sum
        }
        return MemoryLimit.bytes(of: [2, total], bytesPerValue: 1)
    }

    /// Throws unless ``exportBytes(encoding:)`` fits within the ``MemoryLimit`` in force;
    /// called by `export(to:)` before it encodes any tensor, and by callers that want to
    /// refuse before doing other work.
    public func checkExportMemory(encoding: TensorEncoding = .automatic) throws(ExportError) {
        try Self.checkExportMemory(bytes: exportBytes(encoding: encoding))
    }

    static func checkExportMemory(bytes: Int?) throws(ExportError) {
        do {
            try MemoryLimit.current().check(
                bytes, for: "exporting this model (float32 tensors and the file encoding them)")
        } catch {
            throw .memory(error)
        }
    }
}
