import AltaPrograms
import RASP
import RASPCompiler
import Testing

/// Inputs the compiler must refuse, each with an error that names what is wrong.
@Suite struct CompileErrorTests {
    func failure(
        _ program: SOp, vocabulary: [Value] = ["a", "b"], maxSeqLen: Int = 4,
        options: RASPCompilerOptions = RASPCompilerOptions()
    ) -> RASPCompileError? {
        let outcome = Result { () throws(RASPCompileError) -> CompiledRASPProgram in
            try RASPModelCompiler.compile(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen, options: options)
        }
        if case let .failure(error) = outcome { return error }
        return nil
    }

    /// A numerical SelectorWidth for 1000 positions needs gaps of 1/(999·1000) between
    /// 1/(w+1) values — below float32's resolution of the head's output.
    @Test func refusesWhereFloat32CannotBeExact() throws {
        let error = try #require(failure(numerical(TracrLib.makeLength()), maxSeqLen: 1000))
        guard case let .notExact(label, reason) = error else {
            Issue.record("expected notExact, got \(error)")
            return
        }
        #expect(label.hasPrefix("length"))
        #expect(reason.contains("float32"))
        // The same program compiles for N = 600 and is exact there.
        let compiled = try RASPModelCompiler.compile(numerical(TracrLib.makeLength()), vocabulary: ["a", "b"], maxSeqLen: 600)
        let (outputs, _) = try compiled.run([Array(repeating: "a", count: 600), Array(repeating: "b", count: 599), ["a"]])
        for (output, n) in zip(outputs, [600, 599, 1]) {
            #expect(output.allSatisfy { abs(($0?.doubleValue ?? .nan) - Double(n)) < 1e-3 }, "length \(n)")
        }
    }

    @Test func invalidSettings() {
        #expect(failure(Map({ x in x }, tokens), maxSeqLen: 0) == .invalidMaxSeqLen(0))
        #expect(failure(Map({ x in x }, tokens), vocabulary: [1, "1"]) == .ambiguousVocabulary("1"))
        #expect(failure(Map({ x in x }, tokens), vocabulary: ["a", "PAD"]) == .padInVocabulary("PAD"))
        #expect(failure(Map({ x in x }, tokens), vocabulary: ["BOS"]) == .bosInVocabulary("BOS"))
    }

    /// A predicate that raises on some value pair (Python's TypeError for 1 < "a").
    @Test func failingPredicateNamesTheSelector() throws {
        let error = try #require(failure(SelectorWidth(Select(tokens, tokens, .lt)), vocabulary: [1, "a"]))
        guard case let .functionFailed(label, reason) = error else {
            Issue.record("expected functionFailed, got \(error)")
            return
        }
        #expect(label.hasPrefix("select"))
        #expect(reason.contains("TypeError"))
    }

    @Test func valueSetLimits() throws {
        let pairs = SequenceMap({ x, y in .tuple([x, y]) }, tokens, indices)
        let error = try #require(failure(pairs, vocabulary: ["a", "b", "c"], maxSeqLen: 5, options: RASPCompilerOptions(maxCategoricalValues: 10)))
        #expect(error == .valueSetTooLarge(label: "sequence_map_1", size: 15, limit: 10))
        // The sums behind a mean of any values: {1, 2, 5} → 6 sums of two values.
        let mean = numerical(Aggregate(Select(tokens, tokens, .leq), numerical(Map({ x in x }, tokens)), default: 0))
        let meanError = try #require(failure(mean, vocabulary: [1, 2, 5], options: RASPCompilerOptions(maxNumericalValues: 5)))
        #expect(meanError == .valueSetTooLarge(label: RASPGraph(mean).label(of: mean), size: 6, limit: 5))
        // A Sum whose sums are too many: reported as one more than the limit.
        let sum = numerical(Sum(Select(tokens, tokens, .leq), numerical(Map({ x in x }, tokens))))
        let sumError = try #require(failure(sum, vocabulary: [1, 2, 5], options: RASPCompilerOptions(maxNumericalValues: 5)))
        #expect(sumError == .valueSetTooLarge(label: RASPGraph(sum).label(of: sum), size: 6, limit: 5))
    }
}
