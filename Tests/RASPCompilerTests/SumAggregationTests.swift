import AltaPrograms
import AltaTensors
import Foundation
import RASP
import RASPCompiler
import Testing

/// `Sum` (Tracr issue #6) compiled by one BOS-anchored head: the compiled model agrees with
/// the evaluator on every input (within the error bound the compiler records), per layer,
/// causally, at max_seq_len 64, and rejects what it cannot compile.
@Suite struct SumAggregationTests {
    static let digits: [Value] = [0, 1, 2, 3]

    /// Every input of length 1…maxSeqLen over `vocabulary`.
    static func allInputs(_ vocabulary: [Value], maxSeqLen: Int) -> [[Value]] {
        var out: [[Value]] = []
        var layer: [[Value]] = [[]]
        for _ in 1...maxSeqLen {
            layer = layer.flatMap { prefix in vocabulary.map { prefix + [$0] } }
            out += layer
        }
        return out
    }

    /// Compiles `program`, runs it on `inputs` and checks every position against the
    /// evaluator: numerical outputs within the recorded relative error bound (of the output's
    /// largest magnitude, here the largest expected value) plus 1e-6, categorical ones exactly.
    /// Returns the compiled program and the largest absolute error seen.
    @discardableResult
    static func expectAgreement(
        _ program: SOp, vocabulary: [Value], maxSeqLen: Int, causal: Bool = false, inputs: [[Value]]? = nil
    ) throws -> (compiled: CompiledRASPProgram, worst: Double) {
        let compiled = try RASPModelCompiler.compile(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen, causal: causal)
        let inputs = inputs ?? allInputs(vocabulary, maxSeqLen: maxSeqLen)
        let (outputs, _) = try compiled.run(inputs)
        let evaluator = Evaluator(causal: causal)
        let expected = try inputs.map { try evaluator.evaluate(program, on: $0) }
        var worst = 0.0
        if program.encoding == .numerical {
            let bound = Double(compiled.model.metadata["numerical_relative_error_bound"] ?? "0") ?? 0
            let largest = expected.flatMap { $0 }.map { abs($0?.doubleValue ?? 0) }.max() ?? 0
            let allowed = bound * max(1, largest) + 1e-6
            #expect(bound <= 0x1p-10, "recorded bound \(bound)")
            for (input, (e, o)) in zip(inputs, zip(expected, outputs)) {
                for (x, y) in zip(e, o) {
                    let error = abs((x?.doubleValue ?? 0) - (y?.doubleValue ?? .nan))
                    worst = max(worst, error.isNaN ? .infinity : error)
                    #expect(error <= allowed, "on \(input): expected \(e), got \(o)")
                }
            }
        } else {
            for (input, (e, o)) in zip(inputs, zip(expected, outputs)) {
                #expect(e == o, "on \(input): expected \(e), got \(o)")
            }
        }
        return (compiled, worst)
    }

    // MARK: - Compiled == evaluator

    @Test func prefixSumOfIntegerTokens() throws {
        let program = numerical(Sum(Select(indices, indices, .leq), tokens))
        let (compiled, worst) = try Self.expectAgreement(program, vocabulary: Self.digits, maxSeqLen: 5)
        // One attention head, no MLP: a single layer.
        #expect(compiled.model.layers.count == 1)
        #expect(compiled.model.layers[0].heads.count == 1)
        #expect(worst < 1e-5)
        let (outputs, _) = try compiled.run([[3, 1, 2, 0, 3]])
        #expect(outputs[0].map { $0?.doubleValue } == [3, 4, 6, 6, 9])
        #expect(compiled.model.metadata["sum_heads"]?.contains("sum_") == true)
    }

    /// Negative and fractional values (a Map folded into the OV circuit), grouped by token:
    /// the histogram-weighted sum `hist · f(token)`.
    @Test func histogramWeightedSumOfNegativeFractions() throws {
        let weight = numerical(Map({ x in try x * 0.75 - 1 }, tokens))
        let program = numerical(Sum(Select(tokens, tokens, .eq), weight))
        try Self.expectAgreement(program, vocabulary: Self.digits, maxSeqLen: 5)
        let (outputs, _) = try RASPModelCompiler.compile(program, vocabulary: Self.digits, maxSeqLen: 5).run([[0, 0, 3]])
        let values = outputs[0].map { $0?.doubleValue ?? .nan }
        #expect(zip(values, [-2, -2, 1.25]).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// Rows that select nothing give 0 (the default), next to rows that do.
    @Test func emptySelectionsGiveZero() throws {
        let letters: [Value] = ["a", "b", "c"]
        let value = numerical(Map({ x in x == "a" ? 2.5 : -4 }, tokens))
        let program = numerical(Sum(Select(tokens, tokens, .lt), value))
        let (compiled, _) = try Self.expectAgreement(program, vocabulary: letters, maxSeqLen: 5)
        let (outputs, _) = try compiled.run([["a", "a", "c", "b"]])
        // Keys strictly smaller than the query token: none for "a".
        let values = outputs[0].map { $0?.doubleValue ?? .nan }
        #expect(zip(values, [0, 0, 1, 5]).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// A numerical s-op computed by attention holds a tiny leak at BOS; a second head
    /// cancels it (the Sum head scales BOS's value by 2³⁰ and more).
    @Test func sumOfAnAttentionComputedValueCancelsItsBOSLeak() throws {
        let isA = numerical(Map({ x in .bool(x == "a") }, tokens))
        let frac = numerical(Aggregate(Select(indices, indices, .leq), isA, default: 0))
        let program = numerical(Sum(Select(indices, indices, .leq), frac))
        let (compiled, _) = try Self.expectAgreement(program, vocabulary: ["a", "b"], maxSeqLen: 6)
        #expect(compiled.model.layers.last?.heads.count == 2)
        #expect(compiled.model.metadata["sum_heads"]?.contains("cancelling") == true)
    }

    /// A Sum of a Sum, a categorical Map over a Sum (discretised on the sum's value set) and
    /// a LinearSequenceMap of two Sums.
    @Test func sumsFeedLaterOperations() throws {
        let running = numerical(Sum(Select(indices, indices, .leq), tokens))
        let twice = numerical(Sum(Select(indices, indices, .leq), running))
        let difference = numerical(LinearSequenceMap(twice, running, 1, -2))
        try Self.expectAgreement(difference, vocabulary: [0, 1, 2], maxSeqLen: 5)
        let atLeastFour = Map({ x in .bool(try x.pythonGreaterThan(3.5)) }, running)
        try Self.expectAgreement(atLeastFour, vocabulary: Self.digits, maxSeqLen: 5)
    }

    /// A composite selector (a conjunction of two Selects summing logits).
    @Test func sumOverACompositeSelector() throws {
        let selector = SelectorAnd(Select(tokens, tokens, .eq), Select(indices, indices, .lt))
        let program = numerical(Sum(selector, tokens))
        try Self.expectAgreement(program, vocabulary: [1, 2, 3], maxSeqLen: 5)
    }

    /// A selector over SelectorWidth outputs (one-hots decoded by a discretising MLP, whose
    /// float32 noise shifts the sum head's logits): still within the recorded bound.
    @Test(arguments: [5, 16])
    func sumKeyedBySelectorWidths(maxSeqLen: Int) throws {
        let hist = SelectorWidth(Select(tokens, tokens, .eq))
        let program = numerical(Sum(Select(hist, hist, .eq), tokens))
        var rng = SplitMix64(seed: UInt64(maxSeqLen))
        let inputs = maxSeqLen <= 5 ? nil : (0..<200).map { _ in
            (0..<rng.int(in: 1...maxSeqLen)).map { _ in Self.digits[rng.int(in: 0...3)] }
        }
        try Self.expectAgreement(program, vocabulary: Self.digits, maxSeqLen: maxSeqLen, inputs: inputs)
    }

    /// Causal compilation: an all-true selector becomes the prefix sum.
    @Test func causalSumIsAPrefixSum() throws {
        let program = numerical(Sum(Select(tokens, tokens, .true), tokens))
        let (compiled, _) = try Self.expectAgreement(program, vocabulary: Self.digits, maxSeqLen: 5, causal: true)
        let (outputs, _) = try compiled.run([[1, 2, 3]])
        let values = outputs[0].map { $0?.doubleValue ?? .nan }
        #expect(zip(values, [1, 3, 6]).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// After the sublayer that computes them, the Sum and every other s-op decode to the
    /// evaluator's values.
    @Test func everySOpMatchesAfterItsSublayer() throws {
        let value = numerical(Map({ x in try x * 0.5 - 1 }, tokens))
        let running = numerical(Sum(Select(indices, indices, .leq), value)).named("running")
        let program = numerical(Sum(Select(tokens, tokens, .eq), numerical(Map({ x in try x * 2 }, running, simplify: false))))
        let compiled = try RASPModelCompiler.compile(
            program, vocabulary: Self.digits, maxSeqLen: 5, options: RASPCompilerOptions(fuseMLPs: false))
        var rng = SplitMix64(seed: 6)
        let inputs = (0..<40).map { _ in (0..<rng.int(in: 1...5)).map { _ in Self.digits[rng.int(in: 0...3)] } }
        let report = try RASPConformance.check(compiled, inputs: inputs)
        #expect(report.isConformant, "\(report.mismatches.prefix(5))")
        #expect(report.labels.contains { $0.hasPrefix("running") })
        #expect(report.labels.contains { $0.hasPrefix("sum_") })
    }

    /// max_seq_len 64: sums up to 3·64 of random inputs, within the recorded bound.
    @Test func exactAtMaxSeqLen64() throws {
        let program = numerical(Sum(Select(indices, indices, .leq), tokens))
        var rng = SplitMix64(seed: 64)
        let inputs = [64, 64, 63, 40, 17, 1].map { n in (0..<n).map { _ in Self.digits[rng.int(in: 0...3)] } }
        let (compiled, worst) = try Self.expectAgreement(program, vocabulary: Self.digits, maxSeqLen: 64, inputs: inputs)
        #expect(compiled.model.metadata["exact_max_seq_len"] == "64")
        #expect(worst < 1e-4)
    }

    // MARK: - Rejected

    @Test func categoricalSumIsRejectedWithItsLabel() throws {
        let program = Sum(Select(indices, indices, .leq), tokens)
        #expect {
            try RASPModelCompiler.compile(program, vocabulary: Self.digits, maxSeqLen: 4)
        } throws: { error in
            guard case let .unsupported(label, reason)? = error as? RASPCompileError else { return false }
            return label.hasPrefix("sum_") && reason.contains("numerical(Sum(")
        }
    }

    @Test func sumOfNonNumbersIsRejected() throws {
        let program = numerical(Sum(Select(indices, indices, .leq), tokens))
        #expect {
            try RASPModelCompiler.compile(program, vocabulary: ["a", "b"], maxSeqLen: 4)
        } throws: { error in
            guard case let .unsupported(label, reason)? = error as? RASPCompileError else { return false }
            return label.hasPrefix("sum_") && reason.contains("Sum only adds numbers")
        }
    }

    @Test func nonZeroDefaultIsRejected() throws {
        let program = numerical(Sum(Select(indices, indices, .lt), tokens, default: 1))
        #expect {
            try RASPModelCompiler.compile(program, vocabulary: Self.digits, maxSeqLen: 4)
        } throws: { error in
            guard case let .unsupported(label, reason)? = error as? RASPCompileError else { return false }
            return label.hasPrefix("sum_") && reason.contains("default")
        }
    }

    /// Values so large that scaling them by e^D overflows float32 are refused before any
    /// weights are emitted.
    @Test func valuesTooLargeForFloat32AreRefused() throws {
        let huge = numerical(Map({ x in try x * 1e25 }, tokens))
        let program = numerical(Sum(Select(indices, indices, .leq), huge))
        #expect {
            try RASPModelCompiler.compile(program, vocabulary: [1, 2], maxSeqLen: 4)
        } throws: { error in
            guard case let .notExact(label, _)? = error as? RASPCompileError else { return false }
            return label.hasPrefix("sum_")
        }
    }
}
