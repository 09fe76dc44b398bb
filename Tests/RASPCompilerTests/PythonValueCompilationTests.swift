import AltaPrograms
import RASP
import RASPCompiler
import Testing

/// The compiler and the evaluator share one set of Python value rules (PythonValues) and one
/// validator: the cases where the compiler's copies used to disagree.
@Suite struct PythonValueCompilationTests {
    static let vocabulary: [Value] = ["a", "b", "c"]

    /// The residual labels of `sop`'s directions, with its label replaced by `m`.
    func labels(_ compiled: CompiledRASPProgram, of sop: SOp) -> [String] {
        let prefix = compiled.graph.label(of: sop) + ":"
        return compiled.model.residualLabels.filter { $0.hasPrefix(prefix) }.map { "m:" + $0.dropFirst(prefix.count) }
    }

    /// `1`, `1.0` and `True` are one value: one residual direction, labelled with the first
    /// value inserted into the Map's value set (Tracr's `set` of `f(x)` over sorted tokens).
    @Test func oneOnePointZeroAndTrueAreOneDirection() throws {
        let f = Map({ x in x == "a" ? .bool(true) : (x == "b" ? .float(1) : .int(2)) }, tokens).named("m")
        let compiled = try RASPModelCompiler.compile(
            f, vocabulary: Self.vocabulary, maxSeqLen: 3, options: RASPCompilerOptions(fuseMLPs: false))
        #expect(labels(compiled, of: f) == ["m:True", "m:2"])
        let (outputs, _) = try compiled.run([["a", "b", "c"]])
        #expect(outputs[0] == [1, 1, 2])
    }

    /// 2^53 + 1 and 2.0^53 are different values (Python compares them exactly); Craft used to
    /// compare them as doubles and merged the two directions.
    @Test func largeIntAndNearbyFloatAreTwoDirections() throws {
        let big = 9_007_199_254_740_993
        let f = Map({ x in x == "a" ? .int(big) : .float(9_007_199_254_740_992.0) }, tokens).named("m")
        let compiled = try RASPModelCompiler.compile(
            f, vocabulary: Self.vocabulary, maxSeqLen: 3, options: RASPCompilerOptions(fuseMLPs: false))
        #expect(labels(compiled, of: f) == ["m:9007199254740992.0", "m:9007199254740993"])
        let (outputs, _) = try compiled.run([["a", "b"]])
        #expect(outputs[0].map { $0.map(\.description) } == ["9007199254740993", "9007199254740992.0"])
    }

    /// NaN is one direction `m:nan`; the model outputs NaN where the evaluator does.
    @Test func nanIsOneDirection() throws {
        let f = Map({ x in x == "b" ? .int(1) : .float(.nan) }, tokens).named("m")
        let compiled = try RASPModelCompiler.compile(
            f, vocabulary: Self.vocabulary, maxSeqLen: 3, options: RASPCompilerOptions(fuseMLPs: false))
        #expect(labels(compiled, of: f) == ["m:1", "m:nan"])
        let (outputs, _) = try compiled.run([["a", "b", "c"]])
        let expected = try Evaluator().evaluate(f, on: ["a", "b", "c"])
        #expect(outputs[0].map { $0.map(\.description) } == ["nan", "1", "nan"])
        #expect(expected.map { $0.map(\.description) } == ["nan", "1", "nan"])
    }

    /// Floats print as Python's repr in labels, also between 2^53 and 1e16 (Swift's own
    /// description would print `9.5e+15`).
    @Test func labelsPrintFloatsAsPython() throws {
        let f = Map({ x in x == "a" ? .float(9.5e15) : .float(1e16) }, tokens).named("m")
        let compiled = try RASPModelCompiler.compile(
            f, vocabulary: Self.vocabulary, maxSeqLen: 3, options: RASPCompilerOptions(fuseMLPs: false))
        #expect(labels(compiled, of: f) == ["m:9500000000000000.0", "m:1e+16"])
    }

    /// Every program the validator rejects is rejected by the compiler with the validator's
    /// label and reason text (one place for the rules and their messages).
    @Test(arguments: RASPLibrary.unsupported.map(\.name))
    func compilerRejectsWithTheValidatorsReason(name: String) throws {
        let entry = try #require(RASPLibrary.unsupportedEntry(named: name))
        let validator = RASPValidator(options: RASPCompilerOptions.tracrLayout.validationOptions)
        let program = entry.build()
        let errors = try validator.errors(program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
        let outcome = Result { () throws(RASPCompileError) -> CompiledRASPProgram in
            try RASPModelCompiler.compile(
                program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen,
                bos: entry.compilerBOS, pad: entry.compilerPAD, options: .tracrLayout)
        }
        guard let first = errors.first else {
            if entry.stage != .compiler, case let .failure(error) = outcome {
                Issue.record("\(name): valid for the validator, but the compiler says \(error)")
            }
            return
        }
        guard case let .failure(error) = outcome else {
            Issue.record("\(name) compiled, but the validator rejects it: \(first)")
            return
        }
        if first.reason == .missingTokens {
            #expect(error == .noTokens)
        } else {
            #expect(error == .unsupported(label: first.label, reason: first.reason.description), "\(name)")
        }
    }

    /// The one reason the compiler adds beyond Tracr's: non-numeric LinearSequenceMap
    /// coefficients, now a validator rule.
    @Test func linearSequenceMapCoefficientsMustBeNumbers() throws {
        let x = numerical(Map({ _ in 1 }, tokens))
        let program = numerical(LinearSequenceMap(x, x, "a", 1)).named("lin")
        let label = RASPGraph(program).label(of: program)
        #expect(label.hasPrefix("lin_"))
        let errors = RASPValidator().staticErrors(program)
        #expect(errors == [RASPValidationError(label: label, reason: .linearSequenceMapCoefficients)])
        #expect(errors.first?.description == "\(label): LinearSequenceMap coefficients must be numbers.")
        #expect {
            try RASPModelCompiler.compile(program, vocabulary: Self.vocabulary, maxSeqLen: 3)
        } throws: { error in
            (error as? RASPCompileError) == .unsupported(label: label, reason: "LinearSequenceMap coefficients must be numbers.")
        }
    }
}
