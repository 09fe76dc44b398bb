import AltaPrograms
import AltaTransformer
import RASP
import RASPCompiler
import Testing

/// The ground-truth circuit of compiled RASP programs (`circuit.json`) and its check by
/// ablation (`CircuitCheck`).
@Suite struct GroundTruthCircuitTests {
    static let names = RASPLibrary.all.map(\.name)

    static func compile(_ name: String) throws -> CompiledRASPProgram {
        let entry = try #require(RASPLibrary.entry(named: name))
        return try RASPModelCompiler.compile(
            try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
    }

    typealias Dim = GroundTruthCircuit.Dimension

    /// `length` (vocabulary a b c, inputs up to 5): the residual is sorted by label —
    /// indices:0…4 (0–4), length_1:0…5 (5–10), the selector width's attention output (11),
    /// one (12), tokens:BOS, tokens:PAD (13, 14), tokens:a…c (15–17). One layer: head 0
    /// counts the selected keys through BOS into dimension 11, the MLP's 12 neurons turn
    /// that into the one-hot length and clear dimension 11.
    @Test func lengthCircuitIsTheHandWrittenOne() throws {
        let compiled = try Self.compile("length")
        #expect(compiled.model.layers.map(\.feedForward.hiddenWidths) == [[12]])
        let tokens = [Dim(index: 15, label: "tokens:a"), Dim(index: 16, label: "tokens:b"), Dim(index: 17, label: "tokens:c")]
        let length = (0...5).map { Dim(index: 5 + $0, label: "length_1:\($0)") }
        let attention = Dim(index: 11, label: "length_1_selector_width_attn_output")
        let expected = GroundTruthCircuit(program_output: "length_1", n_layers: 1, d_model: 18, sops: [
            .init(label: "tokens", kind: "tokens", encoding: "categorical", layer: nil, sublayer: .embed, dims: tokens,
                  reads: [], fused: [], selector: nil,
                  components: [.init(kind: .embed, name: "embed", layer: nil, head: nil, neurons: nil, writes: tokens)]),
            .init(label: "length_1", kind: "selector_width", encoding: "categorical", layer: 0, sublayer: .mlp, dims: length,
                  reads: ["tokens"], fused: [], selector: "all_true_selector_2",
                  components: [
                    .init(kind: .attention_head, name: "blocks.0.attn[0]", layer: 0, head: 0, neurons: nil, writes: [attention]),
                    .init(kind: .mlp, name: "blocks.0.mlp", layer: 0, head: nil, neurons: Array(0..<12), writes: length + [attention]),
                  ]),
        ])
        #expect(compiled.circuit == expected)
    }

    /// `reverse`: length (layer 0: head, then MLP) → opp_idx − 1 (layer 1 MLP, with
    /// `opp_idx = length − indices` fused into it) → reverse (layer 2, one head reading
    /// indices and opp_idx − 1 in its selector and tokens as its value).
    @Test func reverseCircuitIsTheHandWrittenOne() throws {
        let circuit = try Self.compile("reverse").circuit
        #expect(circuit.program_output == "reverse_1")
        #expect(circuit.n_layers == 3)
        let summary = circuit.sops.map { sop in
            "\(sop.label) \(sop.kind) \(sop.layer.map(String.init) ?? "-") \(sop.sublayer.rawValue) reads=\(sop.reads) fused=\(sop.fused) "
                + sop.components.map(\.name).joined(separator: ",")
        }
        #expect(summary == [
            "indices indices - embed reads=[] fused=[] pos_embed",
            "tokens tokens - embed reads=[] fused=[] embed",
            "length_5 selector_width 0 mlp reads=[\"tokens\"] fused=[] blocks.0.attn[0],blocks.0.mlp",
            "opp_idx-1_3 map 1 mlp reads=[\"indices\", \"length_5\"] fused=[\"opp_idx_4\"] blocks.1.mlp",
            "reverse_1 aggregate 2 attn reads=[\"indices\", \"opp_idx-1_3\", \"tokens\"] fused=[] blocks.2.attn[0]",
        ])
        let reverse = try #require(circuit.sop(labelled: "reverse_1"))
        #expect(reverse.selector == "reverse_selector_2")
        #expect(reverse.dims == [Dim(index: 23, label: "reverse_1:a"), Dim(index: 24, label: "reverse_1:b"), Dim(index: 25, label: "reverse_1:c")])
        #expect(reverse.components.map(\.writes) == [reverse.dims])
        let oppIndex = try #require(circuit.sop(labelled: "opp_idx-1_3"))
        #expect(oppIndex.dims.map(\.label) == (-5...4).map { "opp_idx-1_3:\($0)" })
        #expect(oppIndex.components.first?.neurons == Array(0..<30))
        #expect(circuit.dependents(of: "length_5") == ["opp_idx-1_3", "reverse_1"])
        #expect(circuit.dependents(of: "reverse_1").isEmpty)
    }

    /// Every library program's circuit describes its model: dimensions carry the model's
    /// labels, reads name earlier s-ops computed in an earlier sublayer, every head belongs
    /// to exactly one s-op and every hidden neuron of every MLP to exactly one, a head's
    /// `W_O` writes exactly its listed dimensions and an MLP component's neurons only theirs,
    /// each compiled s-op keeps its dimensions, and components sit no later than their s-op.
    @Test(arguments: names) func libraryCircuitIsConsistent(_ name: String) throws {
        let compiled = try Self.compile(name)
        let model = compiled.model
        let circuit = compiled.circuit
        #expect(circuit.d_model == model.dModel)
        #expect(circuit.n_layers == model.layers.count)
        #expect(circuit.program_output == compiled.outputLabel)
        func order(_ sop: GroundTruthCircuit.SOp) -> Int {
            guard let layer = sop.layer else { return -1 }
            return 2 * layer + (sop.sublayer == .mlp ? 1 : 0)
        }
        var earlier: [String: Int] = [:]
        var heads: [String: [String]] = [:]
        var neurons: [Int: [Int]] = [:]
        for sop in circuit.sops {
            #expect(!sop.dims.isEmpty, "\(name): \(sop.label) has no dimensions")
            for dim in sop.dims {
                #expect(model.residualLabels[dim.index] == dim.label, "\(name): \(sop.label) \(dim)")
                #expect(dim.label == sop.label || dim.label.hasPrefix(sop.label + ":"), "\(name): \(sop.label) owns \(dim.label)")
            }
            for read in sop.reads {
                let before = try #require(earlier[read], "\(name): \(sop.label) reads \(read), not listed before it")
                #expect(before < order(sop), "\(name): \(sop.label) (sublayer \(order(sop))) reads \(read) (sublayer \(before))")
            }
            #expect((sop.layer == nil) == sop.components.allSatisfy { !$0.isAblatable }, "\(name): \(sop.label)")
            for component in sop.components where component.isAblatable {
                let layer = try #require(component.layer)
                #expect(layer <= sop.layer ?? -1, "\(name): \(component.name) after \(sop.label)")
                for dim in component.writes { #expect(model.residualLabels[dim.index] == dim.label) }
                let written = Set(component.writes.map(\.index))
                if component.kind == .attention_head {
                    let head = try #require(component.head)
                    heads["\(layer).\(head)", default: []].append(sop.label)
                    // W_O [d_value, d_model] writes exactly the listed dimensions.
                    let output = model.layers[layer].heads[head].output.dense
                    let columns = Set((0..<output.columns).filter { c in (0..<output.rows).contains { output[$0, c] != 0 } })
                    #expect(columns == written, "\(name): \(component.name) writes \(columns.sorted())")
                } else {
                    neurons[layer, default: []] += component.neurons ?? []
                    // W_out [hidden, d_model]: the listed neurons write only the listed dimensions.
                    let output = try #require(model.layers[layer].feedForward.layers.last).weight.dense
                    let columns = Set((component.neurons ?? []).flatMap { n in (0..<output.columns).filter { output[n, $0] != 0 } })
                    #expect(!columns.isEmpty && columns.isSubset(of: written), "\(name): \(component.name) of \(sop.label) writes \(columns.sorted())")
                }
            }
            earlier[sop.label] = order(sop)
        }
        for (l, layer) in model.layers.enumerated() {
            for h in layer.heads.indices {
                #expect(heads["\(l).\(h)"]?.count == 1, "\(name): head \(h) of layer \(l) belongs to \(heads["\(l).\(h)"] ?? [])")
            }
            let width = layer.feedForward.hiddenWidths.first ?? 0
            #expect((neurons[l] ?? []).sorted() == Array(0..<width), "\(name): layer \(l)'s \(width) neurons")
        }
        #expect(heads.count == model.layers.map(\.heads.count).reduce(0, +))
        for sop in compiled.sops {
            let entry = try #require(circuit.sop(labelled: sop.label), "\(name): \(sop.label) missing")
            #expect(entry.dims.map(\.index) == sop.residualIndices.sorted())
            #expect(order(entry) == sop.sublayer)
        }
    }

    /// `alta circuit check`'s library function on every library program: ablating any head
    /// or s-op MLP changes only its s-op and the s-ops depending on it.
    @Test(arguments: names) func libraryCircuitPassesTheAblationCheck(_ name: String) throws {
        let compiled = try Self.compile(name)
        let check = try CircuitCheck(model: compiled.model, circuit: compiled.circuit)
        let report = try check.run(inputs: try check.sampleInputs(count: 8, seed: 1))
        #expect(report.passed, "\(name): \(report.violations)")
        #expect(report.rows.count == compiled.circuit.sops.flatMap(\.components).filter(\.isAblatable).count)
        for row in report.rows where row.verdict != .ok {
            #expect(row.verdict == .notExercised && row.reason != nil, "\(name): \(row)")
        }
    }

    /// The check ablates on the inputs it is given and reports per component which s-ops
    /// changed: in `reverse`, length's head changes everything after it.
    @Test func reverseReportListsTheChangedSOps() throws {
        let compiled = try Self.compile("reverse")
        let check = try CircuitCheck(model: compiled.model, circuit: compiled.circuit)
        let inputs = try check.sampleInputs(count: 2, seed: 0)
        #expect(inputs.map(\.count) == [6, 5])
        #expect(inputs.allSatisfy { $0.first == "BOS" && $0.dropFirst().allSatisfy { ["a", "b", "c"].contains($0) } })
        #expect(try check.sampleInputs(count: 2, seed: 0) == inputs)
        let report = try check.run(inputs: inputs)
        #expect(report.rows.map { "\($0.component) \($0.sop) \($0.changed) \($0.verdict.rawValue)" } == [
            "blocks.0.attn[0] length_5 [\"length_5\", \"opp_idx-1_3\", \"reverse_1\"] ok",
            "blocks.0.mlp length_5 [\"length_5\", \"opp_idx-1_3\", \"reverse_1\"] ok",
            "blocks.1.mlp opp_idx-1_3 [\"opp_idx-1_3\", \"reverse_1\"] ok",
            "blocks.2.attn[0] reverse_1 [\"reverse_1\"] ok",
        ])
    }

    /// A circuit that assigns length's head to `reverse` is caught: ablating that head
    /// changes length and opp_idx − 1, which reverse's circuit does not allow.
    @Test func wrongHeadIsCaught() throws {
        let compiled = try Self.compile("reverse")
        var circuit = compiled.circuit
        let index = try #require(circuit.sops.firstIndex { $0.label == "reverse_1" })
        circuit.sops[index].components[0].name = "blocks.0.attn[0]"
        circuit.sops[index].components[0].layer = 0
        circuit.sops[index].components[0].head = 0
        let check = try CircuitCheck(model: compiled.model, circuit: circuit)
        let report = try check.run(inputs: try check.sampleInputs(count: 2))
        #expect(!report.passed)
        #expect(report.violations == [
            "component blocks.0.attn[0] of s-op 'reverse_1' changed 'length_5' and 'opp_idx-1_3', which do not depend on 'reverse_1'"
        ])
        let row = try #require(report.rows.last)
        #expect(row.unexpected == ["length_5", "opp_idx-1_3"])
        #expect(row.verdict == .violation)
    }

    /// A component whose s-op keeps its value on every sampled input is reported as not
    /// exercised, with the reason, and does not fail the check (here: no inputs at all).
    @Test func unchangedSOpIsNotExercised() throws {
        let compiled = try Self.compile("reverse")
        let check = try CircuitCheck(model: compiled.model, circuit: compiled.circuit)
        let report = try check.run(inputs: [])
        #expect(report.passed)
        #expect(report.rows.allSatisfy { $0.verdict == .notExercised })
        #expect(report.rows.first?.reason == "'length_5' kept its value on all 0 sampled inputs")
    }

    /// Circuits that name what the model does not have are refused with the reason.
    @Test func invalidCircuitIsRefusedWithTheReason() throws {
        let compiled = try Self.compile("reverse")
        func refusal(_ edit: (inout GroundTruthCircuit) -> Void) -> CircuitCheckError? {
            var circuit = compiled.circuit
            edit(&circuit)
            do {
                _ = try CircuitCheck(model: compiled.model, circuit: circuit, path: "m/circuit.json")
                return nil
            } catch {
                return error
            }
        }
        let last = compiled.circuit.sops.count - 1
        #expect(refusal { $0.sops[last].components[0].head = 3 }
            == .invalidCircuit(path: "m/circuit.json", reason: "s-op 'reverse_1', component blocks.2.attn[0]: layer 2 has 1 heads, not head 3"))
        #expect(refusal { $0.sops[last].dims[0].index = 0 }
            == .invalidCircuit(path: "m/circuit.json", reason: "s-op 'reverse_1': dimension 0 is labelled 'reverse_1:a', but the model's is 'indices:0'"))
        #expect(refusal { $0.sops[last].reads.append("nowhere") }
            == .invalidCircuit(path: "m/circuit.json", reason: "s-op 'reverse_1' reads 'nowhere', which the circuit does not list"))
        #expect(refusal { $0.sops[3].components[0].neurons = [30] }
            == .invalidCircuit(path: "m/circuit.json", reason: "s-op 'opp_idx-1_3', component blocks.1.mlp: neuron 30 is outside layer 1's MLP (30 hidden neurons)"))
        #expect(refusal { $0.d_model = 7 }
            == .invalidCircuit(path: "m/circuit.json", reason: "d_model is 7, but the model's residual has 31 dimensions"))
        #expect(refusal { $0.sops.append($0.sops[0]) }
            == .invalidCircuit(path: "m/circuit.json", reason: "s-op 'indices' is listed twice"))
    }
}
