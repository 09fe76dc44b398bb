import AltaPrograms
import RASP
import RASPCompiler
import Testing

/// The `_unsupported` programs of the reference: each is rejected with an error naming the
/// expression and the reason, except the valid program Tracr fails on (compiled correctly)
/// and the three that Alta's extensions compile (composite selectors, means of any values),
/// which are rejected only with the extensions switched off.
@Suite struct UnsupportedProgramTests {
    /// The phrase each rejection must contain.
    static let reasons: [String: String] = [
        "numerical_categorical_aggregate": "output encoding must match its input encoding",
        "categorical_numerical_aggregate": "output encoding must match its input encoding",
        "numerical_aggregate_nonbinary": "can currently only average binary variables",
        "numerical_aggregate_default_1": "output encoding must match its input encoding",
        "categorical_aggregate_default_not_none": "Categorical aggregate only supports None as default value.",
        "numerical_select_keys": "Select keys must be categorical.",
        "numerical_sequence_map": "(Non-linear) SequenceMap only supports categorical inputs/outputs.",
        "categorical_linear_sequence_map": "LinearSequenceMap only supports numerical inputs/outputs.",
        "numerical_tokens": "tokens should always be categorical.",
        // The validator's corrected text (Tracr says "tokens" here too; §19 item 15).
        "numerical_indices": "indices should always be categorical.",
        "selector_and_aggregate": "Compiling composite Selectors is not supported",
        "selector_not_width": "Compiling composite Selectors is not supported",
        "full_sop": "Full cannot be translated",
        "length_primitive": "Unsupported S-Op: length",
        "no_tokens": "A program must include rasp.tokens to be compiled.",
        "bos_in_vocab": "Compiler BOS token must not be present in the vocab",
    ]
    /// Programs Alta's extensions compile (with default options).
    static let extensions: Set<String> = ["numerical_aggregate_nonbinary", "selector_and_aggregate", "selector_not_width"]

    static let names = RASPLibrary.unsupported.map(\.name)

    func compile(_ entry: RASPUnsupportedEntry, options: RASPCompilerOptions) throws(RASPCompileError) -> CompiledRASPProgram {
        try RASPModelCompiler.compile(
            entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen,
            bos: entry.compilerBOS, pad: entry.compilerPAD, options: options)
    }

    /// Compiled output equals the evaluator on every input of length 1…N over a small
    /// vocabulary prefix (exhaustive up to 3 values).
    func expectMatchesEvaluator(_ entry: RASPUnsupportedEntry, _ compiled: CompiledRASPProgram) throws {
        let program = entry.build()
        let symbols = Array(entry.vocabulary.prefix(3))
        var inputs: [[Value]] = [[]]
        var all: [[Value]] = []
        for _ in 0..<entry.maxSeqLen {
            inputs = inputs.flatMap { prefix in symbols.map { prefix + [$0] } }
            all += inputs
        }
        let (outputs, _) = try compiled.run(all)
        for (input, output) in zip(all, outputs) {
            let expected = try Evaluator().evaluate(program, on: input)
            #expect(Match.agrees(expected, output, numerical: program.encoding == .numerical),
                "\(entry.name) on \(input): expected \(expected), got \(output)")
        }
    }

    @Test(arguments: names)
    func rejectedWithReasonOrCompiledCorrectly(name: String) throws {
        let entry = try #require(RASPLibrary.unsupportedEntry(named: name))
        if entry.stage == .compilesCorrectly {
            try expectMatchesEvaluator(entry, try compile(entry, options: RASPCompilerOptions()))
            return
        }
        let reason = try #require(Self.reasons[name], "no expected reason for \(name)")
        if Self.extensions.contains(name) {
            try expectMatchesEvaluator(entry, try compile(entry, options: RASPCompilerOptions()))
        }
        let strict = Self.extensions.contains(name) ? RASPCompilerOptions.tracrLayout : RASPCompilerOptions()
        let outcome = Result { () throws(RASPCompileError) -> CompiledRASPProgram in try compile(entry, options: strict) }
        switch outcome {
        case .success:
            Issue.record("\(name) compiled but must be rejected (\(reason))")
        case let .failure(error):
            let message = error.description
            #expect(message.contains(reason), "\(name): \(message)")
        }
    }
}
