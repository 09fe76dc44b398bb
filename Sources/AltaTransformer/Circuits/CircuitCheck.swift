import AltaTensors
import Foundation

/// Checks a ``GroundTruthCircuit`` against the model it describes by ablation through the
/// runtime's hooks: each head and each s-op's MLP neurons is ablated in turn, every s-op is
/// decoded from the final residual before and after, and the s-ops that changed must be the
/// component's own s-op or s-ops that depend on it (``GroundTruthCircuit/dependents(of:)``).
///
/// * A head is ablated by zeroing its attention pattern (`blocks.L.attn.hook_pattern.H`):
///   it then writes only its value bias, which is zero in compiled RASP models.
/// * An MLP component is ablated by zeroing its hidden neurons after the activation
///   (`blocks.L.mlp.hook_post.0`): the MLP then writes only its output bias into the
///   s-op's dimensions; the layer's other neurons run as before.
///
/// An s-op is decoded as the compiler decodes it: categorical → the dimension with the
/// largest value, or null when that is below 0.5; numerical → its one dimension's number.
/// Two runs agree exactly on every dimension no ablated component influences, so any change
/// outside the dependents is a wrong circuit, not noise.
public struct CircuitCheck {
    /// The model.
    public let model: TransformerModel
    /// Its circuit, checked to describe the model (dimensions, layers, heads, neurons).
    public let circuit: GroundTruthCircuit

    /// A check of `circuit` (read from `path`, for messages) against `model`; throws
    /// ``CircuitCheckError/invalidCircuit(path:reason:)`` when the circuit names a dimension,
    /// layer, head, neuron or s-op the model or the circuit does not have.
    public init(model: TransformerModel, circuit: GroundTruthCircuit, path: String = GroundTruthCircuit.fileName) throws(CircuitCheckError) {
        self.model = model
        self.circuit = circuit
        if let reason = Self.problem(of: circuit, in: model) { throw .invalidCircuit(path: path, reason: reason) }
    }

    /// The model and circuit of an export folder (`config.json`, `model.safetensors`,
    /// `circuit.json`).
    public static func load(folder: URL) throws(CircuitCheckError) -> CircuitCheck {
        let display = folder.relativePath
        let url = folder.appendingPathComponent(GroundTruthCircuit.fileName)
        let path = (display as NSString).appendingPathComponent(GroundTruthCircuit.fileName)
        let model: TransformerModel
        do {
            model = try TransformerModel.load(from: folder)
        } catch {
            throw .model(folder: display, reason: "\(error)")
        }
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missingCircuit(folder: display) }
        let data: Data
        do {
            data = try FileError.readData(url.path)
        } catch {
            throw .unreadableCircuit(path: path, reason: error.reason)
        }
        if let probe = try? JSONDecoder().decode(VersionProbe.self, from: data), probe.format_version != GroundTruthCircuit.formatVersion {
            throw .invalidCircuit(path: path, reason:
                "format_version is \(probe.format_version), but this Alta reads format \(GroundTruthCircuit.formatVersion) only")
        }
        let circuit: GroundTruthCircuit
        do {
            circuit = try JSONDecoder().decode(GroundTruthCircuit.self, from: data)
        } catch {
            throw .unreadableCircuit(path: path, reason: Self.describe(error))
        }
        return try CircuitCheck(model: model, circuit: circuit, path: path)
    }

    /// `count` inputs over the model's tokens (BOS first), drawn with `seed`: lengths run
    /// down from the longest the model takes, the tokens are uniform.
    public func sampleInputs(count: Int, seed: UInt64 = 0) throws(CircuitCheckError) -> [[String]] {
        let special = Set([model.inputEncoder.bos, model.inputEncoder.pad].compactMap { $0 })
        let tokens = model.inputEncoder.tokens.filter { !special.contains($0) }
        guard !tokens.isEmpty else { throw .noInputTokens }
        let prefix = model.inputEncoder.bos.map { [$0] } ?? []
        let maxLength = max(1, model.maxSequenceLength - prefix.count)
        var generator = SplitMix64(seed: seed)
        return (0..<max(0, count)).map { i in
            let length = maxLength - i % maxLength
            return prefix + (0..<length).map { _ in tokens[Int(generator.next() % UInt64(tokens.count))] }
        }
    }

    /// Ablates every head and MLP component of the circuit in turn on `inputs` and reports
    /// which s-ops changed.
    public func run(inputs: [[String]]) throws(CircuitCheckError) -> CircuitCheckReport {
        let prepared: PreparedModel
        do {
            prepared = try PreparedModel(model)
        } catch {
            throw .run("\(error)")
        }
        let baseline = try decode(prepared, inputs: inputs, ablating: nil)
        var rows: [CircuitCheckReport.Row] = []
        for sop in circuit.sops {
            let allowed = circuit.dependents(of: sop.label).union([sop.label])
            for component in sop.components where component.isAblatable {
                let ablated = try decode(prepared, inputs: inputs, ablating: component)
                let changed = circuit.sops.map(\.label).filter { baseline[$0] != ablated[$0] }
                let unexpected = changed.filter { !allowed.contains($0) }
                var row = CircuitCheckReport.Row(
                    component: component.name, sop: sop.label, changed: changed, unexpected: unexpected, verdict: .ok, reason: nil)
                if !unexpected.isEmpty {
                    row.verdict = .violation
                    let names = Self.list(unexpected.map { "'\($0)'" })
                    row.reason = "component \(component.name) of s-op '\(sop.label)' changed \(names), which "
                        + (unexpected.count == 1 ? "does" : "do") + " not depend on '\(sop.label)'"
                } else if !changed.contains(sop.label) {
                    row.verdict = .notExercised
                    row.reason = "'\(sop.label)' kept its value on all \(inputs.count) sampled inputs"
                        + (changed.isEmpty ? "" : " (\(Self.list(changed.map { "'\($0)'" })) changed)")
                }
                rows.append(row)
            }
        }
        return CircuitCheckReport(inputs: inputs, rows: rows)
    }

    /// One decoded value: a categorical s-op's winning dimension (nil = null) or a
    /// numerical s-op's number (its bits, so equal runs compare equal).
    enum Decoded: Equatable {
        case category(Int?)
        case number(UInt32)
    }

    /// Every s-op's values (per input, per position after BOS) with `component` ablated.
    private func decode(
        _ prepared: PreparedModel, inputs: [[String]], ablating component: GroundTruthCircuit.Component?
    ) throws(CircuitCheckError) -> [String: [[Decoded]]] {
        var options = RunOptions(threads: 1)
        if let component, let layer = component.layer {
            switch component.kind {
            case .attention_head:
                options.hooks.replace(.attnPattern(step: layer, head: component.head ?? 0)) { _, pattern in
                    Matrix(rows: pattern.rows, columns: pattern.columns)
                }
            case .mlp:
                let neurons = component.neurons ?? []
                options.hooks.replace(.mlpPost(step: layer, layer: 0)) { _, hidden in
                    var zeroed = hidden
                    for row in 0..<hidden.rows {
                        for neuron in neurons { zeroed[row, neuron] = 0 }
                    }
                    return zeroed
                }
            case .embed, .pos_embed:
                break
            }
        }
        var finals: [Int: Matrix] = [:]
        options.hooks.read(.residPost(step: model.layers.count - 1)) { sequence, residual in finals[sequence] = residual }
        do {
            _ = try prepared.run(inputs, options: options)
        } catch {
            throw .run("\(error)")
        }
        let first = model.inputEncoder.bos == nil ? 0 : 1
        var decoded: [String: [[Decoded]]] = [:]
        for sop in circuit.sops {
            let numerical = sop.encoding == "numerical"
            decoded[sop.label] = inputs.indices.map { s in
                guard let residual = finals[s] else { return [] }
                return (first..<residual.rows).map { p in
                    if numerical { return .number(residual[p, sop.dims[0].index].bitPattern) }
                    var best: Int? = nil
                    var score = -Float.infinity
                    for (i, dim) in sop.dims.enumerated() where residual[p, dim.index] > score {
                        best = i
                        score = residual[p, dim.index]
                    }
                    return .category(score >= OutputEncoder.nullThreshold ? best : nil)
                }
            }
        }
        return decoded
    }

    /// The first thing in `circuit` that does not fit `model`, or nil.
    static func problem(of circuit: GroundTruthCircuit, in model: TransformerModel) -> String? {
        guard case .stacked = model.layout else {
            return "the model is looped; circuits describe stacked (RASP) models"
        }
        guard circuit.format_version == GroundTruthCircuit.formatVersion else {
            return "format_version is \(circuit.format_version), but this Alta reads format \(GroundTruthCircuit.formatVersion) only"
        }
        guard circuit.d_model == model.dModel else {
            return "d_model is \(circuit.d_model), but the model's residual has \(model.dModel) dimensions"
        }
        guard circuit.n_layers == model.layers.count else {
            return "n_layers is \(circuit.n_layers), but the model has \(model.layers.count)"
        }
        func dimensionProblem(_ dim: GroundTruthCircuit.Dimension) -> String? {
            guard dim.index >= 0, dim.index < model.dModel else {
                return "dimension \(dim.index) is outside the residual (d_model \(model.dModel))"
            }
            let actual = model.residualLabels[dim.index]
            return actual == dim.label ? nil : "dimension \(dim.index) is labelled '\(dim.label)', but the model's is '\(actual)'"
        }
        var labels: Set<String> = []
        for sop in circuit.sops {
            guard labels.insert(sop.label).inserted else { return "s-op '\(sop.label)' is listed twice" }
        }
        for sop in circuit.sops {
            guard !sop.dims.isEmpty else { return "s-op '\(sop.label)' has no dimensions" }
            guard ["categorical", "numerical"].contains(sop.encoding) else {
                return "s-op '\(sop.label)': encoding '\(sop.encoding)' is neither categorical nor numerical"
            }
            if sop.encoding == "numerical", sop.dims.count != 1 {
                return "s-op '\(sop.label)' is numerical but has \(sop.dims.count) dimensions"
            }
            for dim in sop.dims {
                if let reason = dimensionProblem(dim) { return "s-op '\(sop.label)': \(reason)" }
            }
            for read in sop.reads where !labels.contains(read) {
                return "s-op '\(sop.label)' reads '\(read)', which the circuit does not list"
            }
            for component in sop.components {
                let prefix = "s-op '\(sop.label)', component \(component.name)"
                for dim in component.writes {
                    if let reason = dimensionProblem(dim) { return "\(prefix): \(reason)" }
                }
                guard component.isAblatable else { continue }
                guard let layer = component.layer else { return "\(prefix): no layer" }
                guard layer >= 0, layer < model.layers.count else {
                    return "\(prefix): layer \(layer) is outside the model's \(model.layers.count) layers"
                }
                if component.kind == .attention_head {
                    let count = model.layers[layer].heads.count
                    guard let head = component.head else { return "\(prefix): no head index" }
                    guard head >= 0, head < count else { return "\(prefix): layer \(layer) has \(count) heads, not head \(head)" }
                } else {
                    guard let neurons = component.neurons, !neurons.isEmpty else { return "\(prefix): no neurons" }
                    let width = model.layers[layer].feedForward.hiddenWidths.first ?? 0
                    if let outside = neurons.first(where: { $0 < 0 || $0 >= width }) {
                        return "\(prefix): neuron \(outside) is outside layer \(layer)'s MLP (\(width) hidden neurons)"
                    }
                }
            }
        }
        return nil
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// A decoding error as a sentence naming the field.
    private static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the file" : String(keys.drop { $0 == "." })
        }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context)): missing field '\(key.stringValue)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return "\(path(context)): \(context.debugDescription)"
        case let .dataCorrupted(context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// Just the version, read before the rest.
    private struct VersionProbe: Decodable { let format_version: Int }
}
