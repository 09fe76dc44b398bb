import Foundation
import AltaTransformer

/// What `inspect` shows about a model, as text or JSON.
struct ModelSummary {
    let model: TransformerModel

    init(_ model: TransformerModel) { self.model = model }

    var layoutDescription: String {
        switch model.layout {
        case .stacked: return "stacked, \(Plural.count(model.layers.count, "layer"))"
        case let .looped(cap, halting?):
            return "looped: one shared layer, up to \(Plural.count(cap, "iteration")), halts when \(halting.label) > \(halting.threshold) at every position"
        case let .looped(cap, nil):
            return "looped: one shared layer, exactly \(Plural.count(cap, "iteration")) (fixed depth, no halting rule)"
        }
    }

    var json: [String: Any] {
        let groups = ResidualGroups(labels: model.residualLabels)
        var layout: [String: Any] = ["kind": { if case .looped = model.layout { "looped" } else { "stacked" } }()]
        if case let .looped(cap, halting) = model.layout {
            layout["max_iterations"] = cap
            layout["fixed_depth"] = halting == nil
            if let halting { layout["halting"] = ["label": halting.label, "dimension": halting.dimension, "threshold": Double(halting.threshold)] }
        }
        var output: [String: Any] = ["width": model.dVocabOut]
        switch model.outputEncoder {
        case let .categorical(values): output["kind"] = "categorical"; output["values"] = values
        case .numerical: output["kind"] = "numerical"
        }
        return [
            "d_model": model.dModel,
            "layout": layout,
            "layers": model.layers.enumerated().map { l, layer in
                [
                    "index": l,
                    "name": model.layout.stepName(l),
                    "heads": layer.heads.map { h in
                        var head: [String: Any] = ["d_head": h.dHead, "d_value": h.dValue, "nonzero": h.query.nonZeroCount + h.key.nonZeroCount + h.value.nonZeroCount + h.output.nonZeroCount]
                        if let mask = h.relativeMask { head["relative_offsets"] = mask.allowedOffsets }
                        if let sink = h.sinkLogit { head["sink_logit"] = Double(sink) }
                        return head
                    },
                    "mlp_hidden_widths": layer.feedForward.hiddenWidths,
                    "mlp_nonzero": layer.feedForward.layers.reduce(0) { $0 + $1.weight.nonZeroCount },
                ] as [String: Any]
            },
            "mlp_depth": model.mlpDepth,
            "mlp_activation": model.mlpActivation.rawValue,
            "attention_scale": Double(model.attentionScale),
            "causal": model.causal,
            "max_sequence_length": model.maxSequenceLength,
            "parameters": model.parameterCount,
            "nonzero_parameters": model.nonZeroCount,
            "residual_groups": groups.groups.map { g in
                ["name": g.name, "values": g.values.map(\.value), "dimensions": g.dimensions] as [String: Any]
            },
            "input_tokens": model.inputEncoder.tokens,
            "bos_token": model.inputEncoder.bos .map { $0 as Any } ?? NSNull(),
            "pad_token": model.inputEncoder.pad .map { $0 as Any } ?? NSNull(),
            "output": output,
            "text_encoding": textEncodingJSON,
            "metadata": model.metadata,
        ]
    }

    var text: String {
        var out = "layout:      \(layoutDescription)\n"
        out += "d_model:     \(model.dModel)\n"
        out += "attention:   scale \(model.attentionScale), \(model.causal ? "causal" : "bidirectional")\n"
        out += "mlp:         \(model.mlpDepth) linear layers, \(model.mlpActivation.rawValue)\n"
        out += "max length:  \(model.maxSequenceLength) (including BOS if any)\n"
        out += "parameters:  \(model.parameterCount) (\(model.nonZeroCount) non-zero, \(percent(model.nonZeroCount, model.parameterCount)))\n"
        var rows = [["layer", "heads", "head widths (qk/v)", "mlp hidden", "non-zero"]]
        for (l, layer) in model.layers.enumerated() {
            let widths = layer.heads.map { h in
                "\(h.dHead)/\(h.dValue)" + (h.relativeMask.map { " rel\($0.allowedOffsets)" } ?? "") + (h.sinkLogit != nil ? " sink" : "")
            }.joined(separator: ", ")
            let nonZero = layer.heads.reduce(0) { $0 + $1.query.nonZeroCount + $1.key.nonZeroCount + $1.value.nonZeroCount + $1.output.nonZeroCount }
                + layer.feedForward.layers.reduce(0) { $0 + $1.weight.nonZeroCount }
            rows.append(["\(l + 1)", "\(layer.heads.count)", widths.isEmpty ? "-" : widths,
                         layer.feedForward.hiddenWidths.map(String.init).joined(separator: "×"), "\(nonZero)"])
        }
        out += "\n" + TextTable.render(rows)
        out += "\nresidual (\(model.dModel) dimensions):\n"
        for group in ResidualGroups(labels: model.residualLabels).groups {
            let values = group.values.isEmpty ? "(numerical)" : group.values.map(\.value).joined(separator: " ")
            out += "  \(group.name): \(values)\n"
        }
        out += "\ninput tokens: \(model.inputEncoder.tokens.enumerated().map { "\($0.element)=\($0.offset)" }.joined(separator: " "))"
        if let bos = model.inputEncoder.bos { out += "  (BOS \(bos))" }
        if let pad = model.inputEncoder.pad { out += "  (PAD \(pad))" }
        switch model.outputEncoder {
        case let .categorical(values): out += "\noutput: categorical \(values.enumerated().map { "\($0.offset)=\($0.element)" }.joined(separator: " "))\n"
        case .numerical: out += "\noutput: numerical\n"
        }
        out += "text in:  \(model.textEncoding.input)\n"
        out += "text out: \(model.textEncoding.output)\n"
        if !model.metadata.isEmpty {
            out += "\nmetadata:\n"
            for key in model.metadata.keys.sorted() { out += "  \(key): \(model.metadata[key]!)\n" }
        }
        return out
    }

    /// The text encoding as it appears in `config.json`.
    private var textEncodingJSON: Any {
        guard let data = try? JSONEncoder().encode(model.textEncoding),
              let object = try? JSONSerialization.jsonObject(with: data) else { return NSNull() }
        return object
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "0%" : String(format: "%.3g%%", 100 * Double(part) / Double(whole))
    }
}
