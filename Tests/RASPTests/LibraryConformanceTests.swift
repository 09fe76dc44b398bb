import AltaPrograms
import RASP
import Testing

/// Every program of `tracr_models.json` against the registry: settings, evaluator outputs,
/// labels, graph structure, value sets and residual labels.
@Suite struct LibraryConformanceTests {
    let reference: TracrReference

    init() throws {
        reference = try TracrReference.library()
    }

    @Test func registryMatchesReferenceProgramsAndSettings() throws {
        #expect(reference.programs.count == 42)
        #expect(Set(RASPLibrary.all.map(\.name)) == Set(reference.programs.map(\.name)))
        for program in reference.programs {
            let entry = try #require(RASPLibrary.entry(named: program.name), "missing \(program.name)")
            #expect(entry.vocabulary == program.vocabulary, "\(program.name) vocabulary")
            #expect(entry.vocabulary.count == program.vocabulary.count)
            #expect(entry.maxSeqLen == program.maxSeqLen, "\(program.name) max_seq_len")
            #expect(entry.causal == program.causal, "\(program.name) causal")
            #expect(entry.compilerBOS == program.compilerBOS)
            #expect(entry.compilerPAD == program.compilerPAD)
            #expect(entry.group.rawValue == program.group, "\(program.name) group")
            #expect(!entry.description.isEmpty)
        }
    }

    @Test func evaluatorReproducesEveryReferenceOutputWithExactTypes() throws {
        var checked = 0
        for program in reference.programs {
            let entry = try #require(RASPLibrary.entry(named: program.name))
            let sop = try entry.build()
            let evaluator = Evaluator(causal: entry.causal)
            #expect(program.examples.count == 20)
            for example in program.examples {
                let input = example.input
                let expected = example.raspOutput
                let actual = try evaluator.evaluate(sop, on: input)
                #expect(
                    ExactTypes.identical(actual, expected),
                    "\(program.name) on \(input): got \(Value.pythonListRepr(actual)), expected \(Value.pythonListRepr(expected))")
                checked += 1
            }
        }
        #expect(checked == 42 * 20)
    }

    @Test func labelsAndGraphStructureMatchTracr() throws {
        for program in reference.programs {
            let entry = try #require(RASPLibrary.entry(named: program.name))
            let graph = RASPGraph(try entry.build())
            #expect(graph.outputLabel == program.outputLabel, "\(program.name) output label")
            let expectedLabels = program.nodes.map(\.label)
            #expect(graph.labels == expectedLabels, "\(program.name) node labels in insertion order")
            for node in program.nodes {
                let label = node.label
                let expr = try #require(graph.node(labelled: label), "\(program.name): no node \(label)")
                #expect(expr.tracrClassName == node.className, "\(program.name) \(label) class")
                #expect(graph.childLabels(of: expr) == node.children, "\(program.name) \(label) children")
                if let encoding = node.encoding {
                    #expect(expr.encoding?.rawValue == encoding, "\(program.name) \(label) encoding")
                }
                if let predicate = node.predicate, case .select(_, _, let p)? = expr.selector?.kind {
                    #expect((p.comparison?.tracrName ?? "custom") == predicate, "\(program.name) \(label) predicate")
                }
                if let sop = expr.sop, case .aggregate(_, _, let defaultValue) = sop.kind, node.hasDefault {
                    let expected = node.defaultValue
                    #expect(defaultValue.map { d in expected.map { d.isIdentical(to: $0) } ?? false } ?? (expected == nil))
                }
                if let sop = expr.sop, case .linearSequenceMap(_, _, let a, let b) = sop.kind {
                    let fst = try #require(node.firstFactor)
                    let snd = try #require(node.secondFactor)
                    #expect(a.isIdentical(to: fst) && b.isIdentical(to: snd), "\(program.name) coefficients")
                }
            }
        }
    }

    @Test func valueSetsMatchTracrBasisInference() throws {
        for program in reference.programs {
            let entry = try #require(RASPLibrary.entry(named: program.name))
            let inference = ValueSetInference(vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, meanRule: .tracr)
            let sets = try inference.infer(entry.build())
            for node in program.nodes {
                guard let expected = node.valueSet else { continue }
                let label = node.label
                let actual = try #require(sets.values(labelled: label), "\(program.name) \(label)")
                #expect(
                    Set(actual) == Set(expected) && actual.count == expected.count,
                    "\(program.name) \(label): \(actual) vs \(expected)")
            }
        }
    }

    /// The residual stream is the printed directions of every SOp (`label:value`, or the bare
    /// label when numerical) plus `one`, the selector-width scratch dimensions, the index space
    /// and BOS/PAD.
    @Test func residualLabelsFollowFromLabelsValueSetsAndPrinting() throws {
        for program in reference.programs {
            let entry = try #require(RASPLibrary.entry(named: program.name))
            let sop = try entry.build()
            let sets = try ValueSetInference(vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen).infer(sop)
            // The token space (vocabulary + BOS + PAD) and the index space are always present.
            var expected: Set<String> = ["one", "tokens:\(entry.compilerBOS)", "tokens:\(entry.compilerPAD)"]
            expected.formUnion((0..<entry.maxSeqLen).map { "indices:\($0)" })
            for node in sets.graph.sops {
                let label = sets.graph.label(of: node)
                if node.isNumerical {
                    expected.insert(label)
                } else {
                    for value in try #require(sets.values(of: node)) { expected.insert("\(label):\(value)") }
                }
                if case .selectorWidth = node.kind { expected.insert("\(label)_selector_width_attn_output") }
            }
            let actual = Set(program.residualLabels)
            // `one` only exists when some block reads it.
            #expect(actual.subtracting(["one"]) == expected.subtracting(["one"]), "\(program.name) residual labels")
        }
    }

    /// Sorting the residual directions `(name, value)` with Tracr's rule (§9.1: names by code
    /// point, then values with ``Value/basisOrderLess(_:_:)``) reproduces the reference order.
    @Test func residualOrderFollowsBasisDirectionOrdering() throws {
        for program in reference.programs {
            let directions: [(name: String, value: Value?)] = program.residualLabels.map { label in
                guard let colon = label.firstIndex(of: ":") else {
                    return (label, nil)
                }
                let name = String(label[..<colon])
                let text = String(label[label.index(after: colon)...])
                return (name, Self.parsePrinted(text))
            }
            let shuffled = Array(directions.reversed())
            let sorted = shuffled.sorted { a, b in
                if a.name != b.name { return a.name.unicodeScalars.lexicographicallyPrecedes(b.name.unicodeScalars) }
                return Value.basisOrderLess(a.value, b.value)
            }
            let printed = sorted.map { d in d.value.map { "\(d.name):\($0)" } ?? d.name }
            #expect(printed == program.residualLabels, "\(program.name) residual order")
        }
    }

    /// Parses a printed value back (numbers, booleans, strings) for the ordering test.
    private static func parsePrinted(_ text: String) -> Value {
        if let i = Int(text) { return .int(i) }
        if text.contains("."), let d = Double(text) { return .float(d) }
        if text == "True" { return .bool(true) }
        if text == "False" { return .bool(false) }
        return .string(text)
    }

    @Test func buildingTwiceGivesTheSameLabelsAndFreshObjects() throws {
        for entry in RASPLibrary.all {
            let first = try entry.build()
            let second = try entry.build()
            #expect(first !== second, "\(entry.name) must build fresh expressions")
            #expect(RASPGraph(first).labels == RASPGraph(second).labels)
        }
    }
}
