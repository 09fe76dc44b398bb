import AltaTensors
import AltaTransformer

/// Renders a forward trace as the residual stream decoded per variable: one table per
/// stage (embedding, then each layer's attention and MLP), variables as rows, positions as
/// columns.
struct TraceRenderer {
    let model: TransformerModel
    let groups: ResidualGroups

    init(model: TransformerModel) {
        self.model = model
        self.groups = ResidualGroups(labels: model.residualLabels)
    }

    /// `(stage title, [T, dModel] residual)` pairs of a trace, in order.
    func stages(_ trace: SequenceTrace) -> [(String, Matrix)] {
        var result = [("embedding", trace.embedding)]
        for step in trace.layers {
            let name: String
            if case .looped = model.layout { name = "iteration \(step.step + 1)" } else { name = "layer \(step.layer)" }
            result.append(("\(name) attention", step.afterAttention))
            result.append(("\(name) mlp", step.afterMLP))
        }
        return result
    }

    /// The decoded value of every variable at every position of `residual`.
    func decode(_ residual: Matrix) -> [(String, [OutputValue])] {
        groups.groups.map { group in
            (group.name, (0..<residual.rows).map { groups.decode(group, residual: residual, position: $0) })
        }
    }

    /// Text tables for one sequence.
    func text(tokens: [String], trace: SequenceTrace) -> String {
        var out = ""
        for (title, residual) in stages(trace) {
            out += "── \(title) ──\n"
            var rows = [["variable"] + tokens]
            for (name, values) in decode(residual) {
                rows.append([name] + values.map(\.description))
            }
            out += TextTable.render(rows)
        }
        return out
    }

    /// JSON form: a list of stages, each with the decoded variables per position.
    func json(trace: SequenceTrace) -> [[String: Any]] {
        stages(trace).map { title, residual in
            var variables: [String: Any] = [:]
            for (name, values) in decode(residual) {
                variables[name] = values.map(\.jsonObject)
            }
            return ["stage": title, "variables": variables]
        }
    }
}

