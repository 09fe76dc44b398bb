import AltaTensors
import Foundation

extension TransformerModel {
    /// Loads a folder written by `export(to:)`: the same weights (padding removed), labels,
    /// encoders, layout and metadata.
    public static func load(from folder: URL) throws(ExportError) -> TransformerModel {
        let configURL = folder.appendingPathComponent(configFileName)
        let configData: Data
        do {
            configData = try FileError.readData(configURL.path)
        } catch {
            throw .io(path: configURL.path, reason: error.reason)
        }
        // A config of another format version is refused before its fields are read.
        if let probe = try? JSONDecoder().decode(FormatProbe.self, from: configData),
           probe.alta.format_version != ExportedConfig.formatVersion {
            throw .invalidConfig(field: "alta.format_version",
                                 reason: "is \(probe.alta.format_version), but this Alta reads format \(ExportedConfig.formatVersion) only")
        }
        let config: ExportedConfig
        do {
            config = try JSONDecoder().decode(ExportedConfig.self, from: configData)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw .invalidConfig(field: "(file)", reason: "\(error)")
        }
        try config.validate()
        let weightsURL = folder.appendingPathComponent(weightsFileName)
        let weightsFileBytes = (try? FileManager.default.attributesOfItem(atPath: weightsURL.path))?[.size] as? Int
        do {
            try MemoryLimit.current().check(config.loadBytes(weightsFileBytes: weightsFileBytes),
                                            for: "the model \(configURL.path) describes")
        } catch {
            throw .memory(error)
        }
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile.read(from: weightsURL)
        } catch {
            throw .weights("\(error)")
        }
        return try TensorReader(file: file, config: config).model()
    }

    /// Just enough of `config.json` to read its format version.
    private struct FormatProbe: Decodable {
        struct Section: Decodable { let format_version: Int }
        let alta: Section
    }

    private static func describe(_ error: DecodingError) -> ExportError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let prefix = path(context)
            return .invalidConfig(field: prefix.isEmpty ? key.stringValue : "\(prefix).\(key.stringValue)", reason: "is missing")
        case let .typeMismatch(type, context):
            return .invalidConfig(field: path(context), reason: "should be \(type)")
        case let .valueNotFound(type, context):
            return .invalidConfig(field: path(context), reason: "is null, expected \(type)")
        case let .dataCorrupted(context):
            return .invalidConfig(field: path(context).isEmpty ? "(file)" : path(context), reason: context.debugDescription)
        @unknown default:
            return .invalidConfig(field: "(file)", reason: "\(error)")
        }
    }
}

/// Rebuilds a model from checked tensors and the config's unpadded widths.
private struct TensorReader {
    let file: SafeTensorsFile
    let config: ExportedConfig

    /// A tensor stored dense or sparse (see ``ExportedTensor``).
    enum Stored {
        case dense([Float])
        case sparse(ExportedTensor)

        /// Every entry multiplied by `factor`.
        func scaled(by factor: Float) -> Stored {
            guard factor != 1 else { return self }
            switch self {
            case let .dense(values): return .dense(values.map { $0 * factor })
            case let .sparse(tensor): return .sparse(tensor.scaled(by: factor))
            }
        }
    }

    /// The tensor `name` as stored, checked against `shape`.
    func stored(_ name: String, _ shape: [Int]) throws(ExportError) -> Stored {
        if let sparse = try ExportedTensor.decode(name, from: file.tensors, expected: shape) { return .sparse(sparse) }
        return .dense(try tensor(name, shape))
    }

    /// Block `index` of a stored `[count, rows, columns]` tensor cut to
    /// `[keepRows, keepColumns]`, without densifying a sparse one.
    func weight(
        _ stored: Stored, index: Int, rows: Int, columns: Int, keepRows: Int, keepColumns: Int
    ) throws(ExportError) -> WeightMatrix {
        switch stored {
        case let .dense(values):
            WeightMatrix(try block(values, index: index, rows: rows, columns: columns, keepRows: keepRows, keepColumns: keepColumns))
        case let .sparse(tensor):
            tensor.block(index: index, rows: rows, columns: columns, keepRows: keepRows, keepColumns: keepColumns)
        }
    }

    func tensor(_ name: String, _ shape: [Int]) throws(ExportError) -> [Float] {
        if let sparse = try ExportedTensor.decode(name, from: file.tensors, expected: shape) { return sparse.denseValues }
        guard let t = file.tensors[name] else { throw .missingTensor(name) }
        guard t.shape == shape else { throw .tensorShape(name: name, expected: shape, found: t.shape) }
        let values: [Float]
        do {
            values = try t.float32Values()
        } catch {
            throw .weights("tensor '\(name)': \(error)")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteWeight(tensor: name, index: index, value: values[index])
        }
        return values
    }

    func matrix(_ name: String, _ rows: Int, _ columns: Int) throws(ExportError) -> Matrix {
        let values = try tensor(name, [rows, columns])
        var m = Matrix(rows: rows, columns: columns)
        m.values = values
        return m
    }

    /// Block `index` of a `[count, rows, columns]` array, cut to `[keepRows, keepColumns]`.
    func block(_ values: [Float], index: Int, rows: Int, columns: Int, keepRows: Int, keepColumns: Int) throws(ExportError) -> Matrix {
        do {
            _ = try Matrix.elementCount(rows: keepRows, columns: keepColumns)
        } catch {
            throw .weights("a block of \(rows) × \(columns): \(error)")
        }
        var m = Matrix(rows: keepRows, columns: keepColumns)
        for r in 0..<keepRows {
            for c in 0..<keepColumns { m[r, c] = values[(index * rows + r) * columns + c] }
        }
        return m
    }

    func check(_ ok: Bool, _ field: String, _ reason: String) throws(ExportError) {
        if !ok { throw .invalidConfig(field: field, reason: reason) }
    }

    func model() throws(ExportError) -> TransformerModel {
        // `config.validate()` has checked every size, count and name used here.
        let a = config.alta
        let d = config.d_model, nH = config.n_heads, dH = config.d_head
        guard let activation = Activation(rawValue: a.mlp_activation) else {
            throw .invalidConfig(field: "alta.mlp_activation", reason: "'\(a.mlp_activation)' is not one of \(Activation.allCases.map(\.rawValue))")
        }
        let paddedWidths = config.paddedMLPWidths
        let folded = a.query_scale ?? 1
        let layerNorm = config.normalization_type != nil
        let epsilon = a.layer_norm_epsilon ?? 1e-5
        func norm(_ scale: String, _ shift: String) throws(ExportError) -> LayerNormWeights? {
            guard layerNorm else { return nil }
            return LayerNormWeights(scale: try tensor(scale, [d]), shift: try tensor(shift, [d]), epsilon: epsilon)
        }

        var layers: [TransformerLayer] = []
        for l in 0..<config.n_layers {
            let shapes = a.heads[l]
            try check(shapes.count <= nH, "alta.heads[\(l)]", "lists \(shapes.count) heads but n_heads is \(nH)")
            // The attention scale folded into the stored queries comes out again (exact:
            // a power of two in folders Alta writes).
            let wq = try stored(TensorLensNames.attention(l, "W_Q"), [nH, d, dH]).scaled(by: 1 / folded)
            let wk = try stored(TensorLensNames.attention(l, "W_K"), [nH, d, dH])
            let wv = try stored(TensorLensNames.attention(l, "W_V"), [nH, d, dH])
            let wo = try stored(TensorLensNames.attention(l, "W_O"), [nH, dH, d])
            let bq = try tensor(TensorLensNames.attention(l, "b_Q"), [nH, dH]).map { folded == 1 ? $0 : $0 * (1 / folded) }
            let bk = try tensor(TensorLensNames.attention(l, "b_K"), [nH, dH])
            let bv = try tensor(TensorLensNames.attention(l, "b_V"), [nH, dH])
            var heads: [AttentionHead] = []
            for (h, s) in shapes.enumerated() {
                try check(s.d_head >= 0 && s.d_head <= dH && s.d_value >= 0 && s.d_value <= dH, "alta.heads[\(l)][\(h)]", "widths exceed d_head \(dH)")
                heads.append(AttentionHead(
                    query: try weight(wq, index: h, rows: d, columns: dH, keepRows: d, keepColumns: s.d_head),
                    key: try weight(wk, index: h, rows: d, columns: dH, keepRows: d, keepColumns: s.d_head),
                    value: try weight(wv, index: h, rows: d, columns: dH, keepRows: d, keepColumns: s.d_value),
                    output: try weight(wo, index: h, rows: dH, columns: d, keepRows: s.d_value, keepColumns: d),
                    queryBias: try block(bq, index: h, rows: 1, columns: dH, keepRows: 1, keepColumns: s.d_head).values,
                    keyBias: try block(bk, index: h, rows: 1, columns: dH, keepRows: 1, keepColumns: s.d_head).values,
                    valueBias: try block(bv, index: h, rows: 1, columns: dH, keepRows: 1, keepColumns: s.d_value).values,
                    relativeMask: s.relative_offsets.map { RelativePositionMask(allowing: $0) },
                    sinkLogit: s.sink_logit))
            }
            let hidden = a.mlp_hidden_widths[l]
            try check(hidden.count == a.mlp_depth - 1, "alta.mlp_hidden_widths[\(l)]", "needs \(a.mlp_depth - 1) widths")
            let padded = [d] + paddedWidths + [d]
            let actual = [d] + hidden + [d]
            var linears: [LinearLayer] = []
            for k in 0..<a.mlp_depth {
                try check(actual[k] <= padded[k] && actual[k + 1] <= padded[k + 1], "alta.mlp_hidden_widths[\(l)]", "exceeds the stored widths")
                let w = try stored(TensorLensNames.mlpWeight(l, k, depth: a.mlp_depth), [padded[k], padded[k + 1]])
                let b = try tensor(TensorLensNames.mlpBias(l, k, depth: a.mlp_depth), [padded[k + 1]])
                linears.append(LinearLayer(
                    weight: try weight(w, index: 0, rows: padded[k], columns: padded[k + 1], keepRows: actual[k], keepColumns: actual[k + 1]),
                    bias: Array(b.prefix(actual[k + 1]))))
            }
            layers.append(TransformerLayer(
                heads: heads, feedForward: FeedForward(layers: linears, activation: activation),
                attentionOutputBias: try tensor(TensorLensNames.attention(l, "b_O"), [d]),
                attentionNorm: try norm(TensorLensNames.norm(l, 1, "w"), TensorLensNames.norm(l, 1, "b")),
                feedForwardNorm: try norm(TensorLensNames.norm(l, 2, "w"), TensorLensNames.norm(l, 2, "b"))))
        }

        let layout: ModelLayout
        switch a.layout {
        case "stacked": layout = .stacked
        case "looped":
            guard let cap = a.max_iterations else { throw .invalidConfig(field: "alta.max_iterations", reason: "is required for a looped model") }
            layout = .looped(maxIterations: cap, halting: a.halting)
        default: throw .invalidConfig(field: "alta.layout", reason: "'\(a.layout)' is neither 'stacked' nor 'looped'")
        }
        let output: OutputEncoder = a.numerical_output ? .numerical : .categorical(values: a.output_values ?? [])
        do {
            return try TransformerModel(
                tokenEmbedding: matrix(TensorLensNames.tokenEmbedding, config.d_vocab, d),
                positionEmbedding: matrix(TensorLensNames.positionEmbedding, config.n_ctx, d),
                layers: layers, layout: layout,
                unembedding: weight(
                    try stored(TensorLensNames.unembedding, [d, config.d_vocab_out]), index: 0, rows: d,
                    columns: config.d_vocab_out, keepRows: d, keepColumns: config.d_vocab_out),
                attentionScale: a.attention_scale, causal: a.causal,
                finalNorm: try norm(TensorLensNames.finalNormScale, TensorLensNames.finalNormShift),
                residualLabels: a.residual_labels,
                inputEncoder: InputEncoder(tokens: a.input_tokens, bos: a.bos_token, pad: a.pad_token),
                outputEncoder: output, textEncoding: a.text_encoding ?? .tokens, metadata: a.metadata)
        } catch let error as ExportError {
            throw error
        } catch let error as ModelError {
            throw .model(error)
        } catch {
            throw .weights("\(error)")
        }
    }
}
