import AltaPrograms
import AltaTensors
import RASP
import Testing

/// The seeded random program generator.
@Suite struct RandomProgramTests {
    /// The kinds of node in a program, by Tracr class name plus encoding.
    private func kinds(_ program: SOp) -> [String] {
        RASPGraph(program).nodes.map { node in
            node.tracrClassName + (node.sop.map { ":" + $0.encoding.rawValue } ?? "")
        }
    }

    @Test func sameSeedGivesTheSameProgram() throws {
        for seed in UInt64(0)..<8 {
            let a = RandomRASPProgram.generate(seed: seed)
            let b = RandomRASPProgram.generate(seed: seed)
            #expect(a.program !== b.program, "fresh expressions each time")
            #expect(a.vocabulary == b.vocabulary)
            #expect(RASPGraph(a.program).labels == RASPGraph(b.program).labels)
            #expect(a.listing == b.listing)
            for input in a.checkedInputs.prefix(50) {
                #expect(try Evaluator().evaluate(a.program, on: input) == Evaluator().evaluate(b.program, on: input))
            }
        }
        let listings = Set((UInt64(0)..<12).map { RandomRASPProgram.generate(seed: $0).listing })
        #expect(listings.count >= 10, "different seeds give different programs")
    }

    @Test func programsPassValidationOnEveryCheckedInput() throws {
        for seed in UInt64(100)..<116 {
            let generated = RandomRASPProgram.generate(seed: seed)
            let validator = RASPValidator(options: generated.validationOptions)
            let errors = try validator.errors(
                generated.program, vocabulary: generated.vocabulary, maxSeqLen: generated.maxSeqLen,
                inputs: generated.checkedInputs, causal: generated.causal)
            #expect(errors.isEmpty, "seed \(seed):\n\(generated.listing)\n\(errors)")
            #expect(RASPGraph(generated.program).nodes.contains { $0.sop?.kind.primitiveLabel == "tokens" })
            // Exhaustive when small: 2 or 3 symbols, lengths 1…5.
            let n = generated.vocabulary.count
            #expect(generated.checkedInputs.count == (1...5).reduce(0) { total, length in
                total + (0..<length).reduce(1) { product, _ in product * n }
            })
        }
    }

    @Test func programsCoverTheLanguage() {
        var seen: Set<String> = []
        var comparisons: Set<String> = []
        for seed in UInt64(0)..<60 {
            let program = RandomRASPProgram.generate(seed: seed).program
            seen.formUnion(kinds(program))
            for selector in RASPGraph(program).selectors {
                if case .select(_, _, let predicate) = selector.kind { comparisons.insert(predicate.displayName) }
            }
        }
        for kind in [
            "Map:categorical", "Map:numerical", "SequenceMap:categorical", "LinearSequenceMap:numerical",
            "SelectorWidth:categorical", "SelectorWidth:numerical", "Aggregate:categorical", "Aggregate:numerical",
            "Select",
        ] {
            #expect(seen.contains(kind), "no \(kind) in 60 programs: \(seen.sorted())")
        }
        #expect(comparisons.isSuperset(of: Comparison.allCases.map(\.tracrName)), "\(comparisons.sorted())")
    }

    @Test func extendedOptionsAddCompositeSelectorsAndGeneralMeans() throws {
        let options = RandomRASPProgram.Options(
            operationCount: 3...6, allowCompositeSelectors: true, allowNumericalMeansOfAnyValues: true)
        var composite = 0
        var generalMean = 0
        for seed in UInt64(0)..<25 {
            let generated = RandomRASPProgram.generate(seed: seed, options: options)
            let graph = RASPGraph(generated.program)
            if graph.selectors.contains(where: \.isComposite) { composite += 1 }
            let sets = try ValueSetInference(
                vocabulary: generated.vocabulary, maxSeqLen: generated.maxSeqLen, meanRule: .exactAny
            ).infer(generated.program)
            for sop in graph.sops {
                if case .aggregate(_, let inner, _) = sop.kind, sop.isNumerical,
                    let values = sets.values(of: inner), !values.allSatisfy({ $0 == 0 || $0 == 1 })
                {
                    generalMean += 1
                }
            }
            let strictErrors = try RASPValidator(options: .extended).errors(
                generated.program, vocabulary: generated.vocabulary, maxSeqLen: generated.maxSeqLen,
                inputs: generated.checkedInputs)
            #expect(strictErrors.isEmpty, "seed \(seed): \(strictErrors)")
        }
        #expect(composite > 0)
        #expect(generalMean > 0)
    }

    /// With ``RandomRASPProgram/Options/allowSums`` some programs sum values (including
    /// non-0/1 and attention-computed ones); every such program validates on its inputs, and
    /// the option changes nothing when off.
    @Test func sumOptionAddsValidSums() throws {
        let options = RandomRASPProgram.Options(operationCount: 3...6, allowNumericalMeansOfAnyValues: true, allowSums: true)
        var sums = 0
        var nonBinarySums = 0
        for seed in UInt64(0)..<30 {
            let generated = RandomRASPProgram.generate(seed: seed, options: options)
            let graph = RASPGraph(generated.program)
            let sets = try ValueSetInference(
                vocabulary: generated.vocabulary, maxSeqLen: generated.maxSeqLen, meanRule: .exactAny
            ).infer(generated.program)
            for sop in graph.sops {
                guard case .sum(_, let inner, _) = sop.kind else { continue }
                #expect(sop.isNumerical)
                sums += 1
                if let values = sets.values(of: inner), !values.allSatisfy({ $0 == 0 || $0 == 1 }) { nonBinarySums += 1 }
            }
            let errors = try RASPValidator(options: .extended).errors(
                generated.program, vocabulary: generated.vocabulary, maxSeqLen: generated.maxSeqLen,
                inputs: generated.checkedInputs)
            #expect(errors.isEmpty, "seed \(seed): \(errors)")
        }
        #expect(sums >= 3)
        #expect(nonBinarySums > 0)
        for seed in UInt64(0)..<5 {
            #expect(RandomRASPProgram.generate(seed: seed).listing
                == RandomRASPProgram.generate(seed: seed, options: RandomRASPProgram.Options(allowSums: false)).listing)
        }
    }

    @Test func causalProgramsAreCheckedCausally() throws {
        let options = RandomRASPProgram.Options(causal: true)
        for seed in UInt64(0)..<10 {
            let generated = RandomRASPProgram.generate(seed: seed, options: options)
            #expect(generated.causal)
            for input in generated.checkedInputs {
                _ = try Evaluator(causal: true).evaluate(generated.program, on: input)
            }
        }
    }

    @Test func splitMixIsReproducibleAndInRange() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        let xs = (0..<100).map { _ in a.int(in: -3...3) }
        let ys = (0..<100).map { _ in b.int(in: -3...3) }
        #expect(xs == ys)
        #expect(xs.allSatisfy { (-3...3).contains($0) })
        #expect(Set(xs).count == 7)
        // The first SplitMix64 output for seed 0 (reference value of the algorithm).
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}
