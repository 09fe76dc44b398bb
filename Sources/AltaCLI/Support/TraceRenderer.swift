import AltaTensors
import AltaTransformer

/// Renders a forward trace as the residual stream decoded per variable: one table per
/// stage (embedding, then each layer's attention and MLP, named as in the pictures — see
/// `TraceStage`), variables as rows, positions (headed by their input tokens) as columns.
struct TraceRenderer {
    let model: TransformerModel
    let groups: ResidualGroups

    init(model: TransformerModel) {
        self.model = model
        self.groups = ResidualGroups(labels: model.residualLabels)
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
        for stage in trace.stages(layout: model.layout) {
            let (title, residual) = (stage.title, stage.residual)
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
        trace.stages(layout: model.layout).map { stage in
            var variables: [String: Any] = [:]
            for (name, values) in decode(stage.residual) {
                variables[name] = values.map(\.jsonObject)
            }
            return ["stage": stage.title, "variables": variables]
        }
    }
}

