import AltaTensors
import Foundation

extension TransformerModel {
    /// The name of the weights file in an exported folder.
    public static let weightsFileName = "model.safetensors"
    /// The name of the configuration file in an exported folder.
    public static let configFileName = "config.json"

    /// Writes the model to `folder` as `model.safetensors` (TransformerLens names and
    /// shapes, heads and MLPs zero-padded to common widths) and `config.json`
    /// (`HookedTransformerConfig` fields plus Alta's metadata under `alta`).
    ///
    /// The folder is written by ``FolderWriter``: it must be missing, empty or an earlier
    /// Alta export holding only Alta's files (anything else is refused and left alone); it is
    /// assembled beside its destination and moved into place at the end, so a failure leaves
    /// any earlier export untouched. `extraFiles` (name → contents) are written into the
    /// same folder (e.g. reference outputs, pictures); with the export's files they are
    /// listed in the folder's `alta-files.json`. `encoding` chooses how the tensors are
    /// stored: mostly-zero ones sparse (the default), or all dense.
    public func export(
        to folder: URL, name: String = "alta-model", extraFiles: [String: Data] = [:],
        encoding: TensorEncoding = .automatic
    ) throws(ExportError) {
        let exported = exportedTensors()
        if encoding == .dense {
            try checkExportMemory(encoding: .dense)  // before the padded dense tensors are built
        } else {
            try Self.checkExportMemory(bytes: Self.exportBytes(of: exported, encoding: encoding))
        }
        let tensors = Self.encode(exported, as: encoding).merging(transformerLensBuffers()) { first, _ in first }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let configData: Data
        do {
            configData = try encoder.encode(exportConfig(name: name))
        } catch {
            throw .io(path: folder.path, reason: "could not encode config.json: \(error)")
        }
        var files = extraFiles
        files[Self.configFileName] = configData
        let weights: Data
        do {
            weights = Data(try SafeTensorsFile(tensors: tensors, metadata: ["format": "pt", "producer": AltaVersion.producer])
                .encoded())
        } catch {
            throw .weights("\(error)")
        }
        files[Self.weightsFileName] = weights
        do {
            try FolderWriter(kind: .model).replace(folder, with: files)
        } catch {
            throw .folder(error)
        }
    }

    /// The buffers TransformerLens 3's `HookedTransformer` keeps in its state dict, so that
    /// `load_state_dict(…, strict=True)` accepts the file: per layer `blocks.{l}.attn.mask`
    /// (`BOOL [0, 0]`; the causal mask is built at run time) and `blocks.{l}.attn.IGNORE`
    /// (`F32 []`, −∞). Alta's loader does not read them; TransformerLens 4's
    /// `convert_tl_checkpoint` drops them.
    func transformerLensBuffers() -> [String: SafeTensor] {
        var out: [String: SafeTensor] = [:]
        for l in layers.indices {
            out[TensorLensNames.attention(l, "mask")] = try? SafeTensor(bool: [], shape: [0, 0])
            out[TensorLensNames.attention(l, "IGNORE")] = try? SafeTensor(float32: [-.infinity], shape: [])
        }
        return out
    }

    /// The config written to `config.json`.
    public func exportConfig(name: String) -> ExportedConfig {
        let shape = ExportShape(self)
        let heads = layers.map { layer in
            layer.heads.map { h in
                ExportedConfig.HeadShape(
                    d_head: h.dHead, d_value: h.dValue,
                    relative_offsets: h.relativeMask?.allowedOffsets, sink_logit: h.sinkLogit)
            }
        }
        var notes: [String] = []
        if case let .looped(cap, rule) = layout {
            notes.append(rule == nil ? "one shared layer applied \(cap) times" : "one shared layer applied in a loop with halting")
        }
        if mlpDepth != 2 { notes.append("\(mlpDepth)-layer MLP") }
        if ![.relu].contains(mlpActivation) { notes.append("activation \(mlpActivation.rawValue)") }
        if layers.flatMap(\.heads).contains(where: { $0.relativeMask != nil }) { notes.append("relative-position masks") }
        if layers.flatMap(\.heads).contains(where: { $0.sinkLogit != nil }) { notes.append("attention sinks") }
        var maxIterations: Int? = nil
        var halting: HaltingRule? = nil
        if case let .looped(cap, rule) = layout {
            maxIterations = cap
            halting = rule
        }
        let outputValues: [String]?
        if case let .categorical(values) = outputEncoder { outputValues = values } else { outputValues = nil }
        return ExportedConfig(
            n_layers: layers.count, d_model: dModel, d_head: shape.dHead, n_heads: shape.nHeads,
            d_mlp: shape.mlpWidths.first ?? 1, d_vocab: dVocab, d_vocab_out: dVocabOut,
            n_ctx: maxSequenceLength, act_fn: mlpActivation.rawValue,
            normalization_type: usesLayerNorm ? "LN" : nil,
            attention_dir: causal ? "causal" : "bidirectional",
            use_attn_scale: true, attn_scale: shape.attnScale,
            model_name: name,
            alta: .init(
                format_version: 1, producer: AltaVersion.producer,
                layout: { if case .looped = layout { return "looped" } else { return "stacked" } }(),
                max_iterations: maxIterations, halting: halting,
                mlp_depth: mlpDepth, mlp_activation: mlpActivation.rawValue,
                attention_scale: attentionScale, query_scale: shape.queryScale, causal: causal,
                layer_norm_epsilon: finalNorm?.epsilon,
                residual_labels: residualLabels, input_tokens: inputEncoder.tokens,
                bos_token: inputEncoder.bos, pad_token: inputEncoder.pad,
                output_values: outputValues, numerical_output: outputValues == nil,
                text_encoding: textEncoding,
                heads: heads, mlp_hidden_widths: layers.map(\.feedForward.hiddenWidths),
                metadata: metadata,
                transformer_lens_compatible: notes.isEmpty,
                transformer_lens_note: notes.isEmpty ? nil : notes.joined(separator: "; ")))
    }

    /// The weights under TransformerLens names, padded to common widths, stored as
    /// `encoding` says (`folding: false`: see ``ExportShape/init(_:folding:)``).
    func exportTensors(encoding: TensorEncoding = .dense, folding: Bool = true) -> [String: SafeTensor] {
        Self.encode(exportedTensors(folding: folding), as: encoding)
    }

    /// `tensors` as safetensors entries stored as `encoding` says.
    static func encode(_ tensors: [String: ExportedTensor], as encoding: TensorEncoding) -> [String: SafeTensor] {
        var out: [String: SafeTensor] = [:]
        for (name, tensor) in tensors {
            out.merge(tensor.encoded(name: name, as: encoding)) { first, _ in first }
        }
        return out
    }

    /// The weights under TransformerLens names, padded to common widths, as their
    /// non-zero entries (no dense intermediate).
    func exportedTensors(folding: Bool = true) -> [String: ExportedTensor] {
        let shape = ExportShape(self, folding: folding)
        let d = dModel
        var out: [String: ExportedTensor] = [:]
        func put(_ name: String, _ shape: [Int], _ values: [Float]) {
            out[name] = ExportedTensor(dense: values, shape: shape)
        }
        func put(_ name: String, _ shape: [Int], stacking parts: [WeightMatrix], rows: Int, columns: Int) {
            out[name] = ExportedTensor(stacking: parts, shape: shape, rows: rows, columns: columns)
        }
        put(TensorLensNames.tokenEmbedding, [dVocab, d], tokenEmbedding.values)
        put(TensorLensNames.positionEmbedding, [maxSequenceLength, d], positionEmbedding.values)
        put(TensorLensNames.unembedding, [d, dVocabOut], stacking: [unembedding], rows: d, columns: dVocabOut)
        put(TensorLensNames.unembeddingBias, [dVocabOut], [Float](repeating: 0, count: dVocabOut))
        if let finalNorm {
            put(TensorLensNames.finalNormScale, [d], finalNorm.scale)
            put(TensorLensNames.finalNormShift, [d], finalNorm.shift)
        }
        let (nH, dH) = (shape.nHeads, shape.dHead)
        for (l, layer) in layers.enumerated() {
            let heads = layer.heads
            func stacked(_ name: String, _ rows: Int, _ columns: Int, _ part: (AttentionHead) -> WeightMatrix) {
                put(TensorLensNames.attention(l, name), [nH, rows, columns], stacking: heads.map(part),
                    rows: rows, columns: columns)
            }
            func biases(_ part: (AttentionHead) -> [Float]) -> [Float] {
                Self.stackPadded(heads.map { Self.rowMatrix(part($0)) }, count: nH, rows: 1, columns: dH)
            }
            stacked("W_Q", d, dH) { $0.query }
            // The attention scale folded into the queries (exact: a power of two).
            out[TensorLensNames.attention(l, "W_Q")] = out[TensorLensNames.attention(l, "W_Q")]?.scaled(by: shape.queryScale)
            stacked("W_K", d, dH) { $0.key }
            stacked("W_V", d, dH) { $0.value }
            stacked("W_O", dH, d) { $0.output }
            put(TensorLensNames.attention(l, "b_Q"), [nH, dH], biases(\.queryBias).map { $0 * shape.queryScale })
            put(TensorLensNames.attention(l, "b_K"), [nH, dH], biases(\.keyBias))
            put(TensorLensNames.attention(l, "b_V"), [nH, dH], biases(\.valueBias))
            put(TensorLensNames.attention(l, "b_O"), [d], layer.attentionOutputBias)
            if let n1 = layer.attentionNorm, let n2 = layer.feedForwardNorm {
                put(TensorLensNames.norm(l, 1, "w"), [d], n1.scale)
                put(TensorLensNames.norm(l, 1, "b"), [d], n1.shift)
                put(TensorLensNames.norm(l, 2, "w"), [d], n2.scale)
                put(TensorLensNames.norm(l, 2, "b"), [d], n2.shift)
            }
            let depth = layer.feedForward.depth
            let widths = [d] + shape.mlpWidths + [d]
            for (k, linear) in layer.feedForward.layers.enumerated() {
                let (rows, columns) = (widths[k], widths[k + 1])
                let b = Self.stackPadded([Self.rowMatrix(linear.bias)], count: 1, rows: 1, columns: columns)
                put(TensorLensNames.mlpWeight(l, k, depth: depth), [rows, columns], stacking: [linear.weight],
                    rows: rows, columns: columns)
                put(TensorLensNames.mlpBias(l, k, depth: depth), [columns], b)
            }
        }
        return out
    }

    /// `[count, rows, columns]`: each matrix in the top-left corner of its zero block.
    static func stackPadded(_ parts: [Matrix], count: Int, rows: Int, columns: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count * rows * columns)
        for (i, part) in parts.enumerated() {
            for r in 0..<part.rows {
                for c in 0..<part.columns { out[(i * rows + r) * columns + c] = part[r, c] }
            }
        }
        return out
    }

    /// `[1, n]`: a vector as a one-row matrix.
    static func rowMatrix(_ vector: [Float]) -> Matrix {
        var m = Matrix(rows: 1, columns: vector.count)
        m.values = vector
        return m
    }
}
