import AltaTensors
import AltaTransformer

extension CraftModel {
    /// Assembles the layers into a ``TransformerModel``.
    ///
    /// * Heads: a bilinear QK circuit `M` over (query space Q, key space K) becomes
    ///   `W_Q = P_Q · M` `[dModel, |K|]` and `W_K = P_K` `[dModel, |K|]`; a factored one
    ///   becomes its two maps. The OV circuit `V → O` becomes `W_V = P_V · W_OV`
    ///   `[dModel, |O|]` and `W_O = P_Oᵀ` `[|O|, dModel]` (Tracr's layout: the whole OV
    ///   circuit in the value matrix).
    /// * MLPs: the first map reads the residual rows of its input directions, the last
    ///   writes the residual columns of its output directions; hidden maps are copied.
    ///   Missing MLP sublayers become empty MLPs of `configuration.mlpDepth`.
    /// * Embeddings, unembedding and encoders come from `configuration`.
    /// * Matrices are stored sparse when at most `configuration.sparseFill` is non-zero.
    ///
    /// Throws when a block, embedding or output direction is not in the residual, when
    /// MLP depths differ, or when a looped layout does not have exactly one layer.
    public func assemble(_ configuration: AssemblyConfiguration) throws(CraftError) -> TransformerModel {
        let residual = configuration.residual
        let d = residual.count
        guard d > 0 else { throw .invalidAssembly("the residual space is empty") }
        guard !layers.isEmpty else { throw .invalidAssembly("the model has no layers") }
        if case .looped = configuration.layout, layers.count != 1 {
            throw .invalidAssembly("a looped model has exactly one shared layer, not \(layers.count)")
        }
        for (index, layer) in layers.enumerated() {
            if let missing = layer.residualSpace.subtracting(residual).first {
                throw .directionOutsideSpace(missing, space: "the residual stream (used by layer \(index))")
            }
        }
        let fill = configuration.sparseFill

        func rowIndices(_ space: VectorSpace) -> [Int] { space.basis.map { residual.index(of: $0)! } }

        var assembledLayers: [TransformerLayer] = []
        for (index, layer) in layers.enumerated() {
            var heads: [AttentionHead] = []
            for head in layer.heads {
                heads.append(try assembleHead(head, residual: residual, fill: fill, layer: index))
            }
            let feedForward: FeedForward
            if let mlp = layer.mlp {
                guard mlp.depth == configuration.mlpDepth else {
                    throw .invalidAssembly(
                        "layer \(index): MLP '\(mlp.name)' has \(mlp.depth) maps, the model uses \(configuration.mlpDepth)")
                }
                feedForward = assembleMLP(mlp, rows: rowIndices(mlp.inputSpace),
                    columns: rowIndices(mlp.outputSpace), d: d, fill: fill)
            } else {
                feedForward = .empty(dModel: d, depth: configuration.mlpDepth, activation: configuration.mlpActivation)
            }
            assembledLayers.append(TransformerLayer(heads: heads, feedForward: feedForward))
        }

        // Embeddings.
        var tokenEmbedding = Matrix(rows: configuration.tokens.count, columns: d)
        for (id, token) in configuration.tokens.enumerated() {
            for (direction, value) in token.vector.components {
                guard let c = residual.index(of: direction) else {
                    throw .directionOutsideSpace(direction, space: "the residual stream (embedding of token '\(token.token)')")
                }
                tokenEmbedding[id, c] = Float(value)
            }
        }
        guard !configuration.positions.isEmpty else { throw .invalidAssembly("no position embedding rows") }
        var positionEmbedding = Matrix(rows: configuration.positions.count, columns: d)
        for (p, vector) in configuration.positions.enumerated() {
            for (direction, value) in vector.components {
                guard let c = residual.index(of: direction) else {
                    throw .directionOutsideSpace(direction, space: "the residual stream (embedding of position \(p))")
                }
                positionEmbedding[p, c] = Float(value)
            }
        }

        // Unembedding and encoders.
        let outputDirections = configuration.output.directions
        var unembedding = CraftMatrix(rows: d, columns: outputDirections.count)
        for (j, direction) in outputDirections.enumerated() {
            guard let r = residual.index(of: direction) else {
                throw .directionOutsideSpace(direction, space: "the residual stream (output)")
            }
            unembedding[r, j] = 1
        }
        let outputEncoder: OutputEncoder
        switch configuration.output {
        case let .categorical(directions, values):
            guard directions.count == values.count else {
                throw .invalidAssembly("\(directions.count) output directions but \(values.count) output values")
            }
            outputEncoder = .categorical(values: values)
        case .numerical:
            outputEncoder = .numerical
        }
        let inputEncoder: InputEncoder
        do {
            inputEncoder = try InputEncoder(
                tokens: configuration.tokens.map(\.token), bos: configuration.bos, pad: configuration.pad)
        } catch {
            throw .invalidAssembly("input encoder: \(error)")
        }

        let layout: ModelLayout
        switch configuration.layout {
        case .stacked:
            layout = .stacked
        case let .looped(maxIterations, halting):
            var rule: HaltingRule? = nil
            if let halting {
                guard let dimension = residual.index(of: halting.direction) else {
                    throw .directionOutsideSpace(halting.direction, space: "the residual stream (halting)")
                }
                rule = HaltingRule(dimension: dimension, label: halting.direction.description, threshold: halting.threshold)
            }
            layout = .looped(maxIterations: maxIterations, halting: rule)
        }

        let scale: Float
        switch configuration.attentionScaling {
        case let .fixed(factor):
            scale = factor
        case .inverseSqrtKeySize:
            let widest = layers.flatMap(\.heads).map { max($0.querySpace.count, $0.headWidth, $0.ov.output.count) }.max() ?? 1
            scale = 1 / Float(widest).squareRoot()
        }

        do {
            return try TransformerModel(
                tokenEmbedding: tokenEmbedding, positionEmbedding: positionEmbedding,
                layers: assembledLayers, layout: layout, unembedding: unembedding.weightMatrix(sparseFill: fill),
                attentionScale: scale, causal: configuration.causal,
                residualLabels: residual.labels, inputEncoder: inputEncoder, outputEncoder: outputEncoder,
                metadata: configuration.metadata)
        } catch {
            throw .invalidAssembly("\(error)")
        }
    }

    private func assembleHead(
        _ head: CraftAttentionHead, residual: VectorSpace, fill: Double, layer: Int
    ) throws(CraftError) -> AttentionHead {
        let d = residual.count
        var query: CraftMatrix
        var key: CraftMatrix
        switch head.qk {
        case let .bilinear(form):
            query = CraftMatrix(rows: d, columns: form.right.count)
            for (i, row) in form.matrix.rowEntries.enumerated() where !row.isEmpty {
                query.addRow(residual.index(of: form.left.basis[i])!, row)
            }
            key = CraftMatrix(rows: d, columns: form.right.count)
            for (c, direction) in form.right.basis.enumerated() {
                key[residual.index(of: direction)!, c] = 1
            }
        case let .factored(q, k):
            guard !q.hasBias, !k.hasBias else {
                throw .invalidAssembly("layer \(layer) head '\(head.name)': query/key maps must not have biases")
            }
            query = embedRows(q, residual: residual)
            key = embedRows(k, residual: residual)
        }
        let value = embedRows(head.ov, residual: residual)
        var output = CraftMatrix(rows: head.ov.output.count, columns: d)
        for (j, direction) in head.ov.output.basis.enumerated() {
            output[j, residual.index(of: direction)!] = 1
        }
        return AttentionHead(
            query: query.weightMatrix(sparseFill: fill), key: key.weightMatrix(sparseFill: fill),
            value: value.weightMatrix(sparseFill: fill), output: output.weightMatrix(sparseFill: fill),
            valueBias: head.ov.bias.map { Float($0) },
            relativeMask: head.relativeMask, sinkLogit: head.sinkLogit.map { Float($0) })
    }

    /// `P_in · map.matrix`: `[dModel, map.output.count]`.
    private func embedRows(_ map: Linear, residual: VectorSpace) -> CraftMatrix {
        var result = CraftMatrix(rows: residual.count, columns: map.output.count)
        for (i, row) in map.matrix.rowEntries.enumerated() where !row.isEmpty {
            result.addRow(residual.index(of: map.input.basis[i])!, row)
        }
        return result
    }

    private func assembleMLP(_ mlp: MLP, rows: [Int], columns: [Int], d: Int, fill: Double) -> FeedForward {
        var linearLayers: [LinearLayer] = []
        for (index, map) in mlp.layers.enumerated() {
            let isFirst = index == 0
            let isLast = index == mlp.depth - 1
            var weight = CraftMatrix(
                rows: isFirst ? d : map.input.count, columns: isLast ? d : map.output.count)
            for (i, row) in map.matrix.rowEntries.enumerated() where !row.isEmpty {
                let r = isFirst ? rows[i] : i
                if isLast {
                    for (c, v) in row { weight.add(v, row: r, column: columns[c]) }
                } else {
                    // Rows land on distinct (empty) rows with their columns unchanged.
                    weight.addRow(r, row)
                }
            }
            var bias = [Float](repeating: 0, count: isLast ? d : map.output.count)
            for (c, v) in map.bias.enumerated() where v != 0 { bias[isLast ? columns[c] : c] += Float(v) }
            linearLayers.append(LinearLayer(weight: weight.weightMatrix(sparseFill: fill), bias: bias))
        }
        return FeedForward(layers: linearLayers, activation: mlp.activation)
    }
}
