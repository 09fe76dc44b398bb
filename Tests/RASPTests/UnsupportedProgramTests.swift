import AltaPrograms
import RASP
import AltaTestSupport
import Testing

/// The 17 must-reject programs of `tracr_models.json` (§17).
@Suite struct UnsupportedProgramTests {
    let reference: TracrReference

    init() throws {
        reference = try TracrReference.library()
    }

    @Test func everyReferenceCaseIsRegisteredWithItsSettings() throws {
        #expect(reference.unsupported.count == 17)
        #expect(RASPLibrary.unsupported.count == reference.unsupported.count)
        for recorded in reference.unsupported {
            let name = recorded.name
            let entry = try #require(RASPLibrary.unsupportedEntry(named: name), "missing \(name)")
            #expect(entry.vocabulary == recorded.vocabulary, "\(name) vocabulary")
            #expect(entry.maxSeqLen == recorded.maxSeqLen, "\(name) max_seq_len")
        }
    }

    @Test(arguments: RASPLibrary.unsupported.map(\.name))
    func rejectedAtTheRecordedStageWithTheRecordedReason(name: String) throws {
        let entry = try #require(RASPLibrary.unsupportedEntry(named: name))
        let program = entry.build()
        let validator = RASPValidator()
        let staticErrors = validator.staticErrors(program)
        switch entry.stage {
        case .staticValidation(let reason):
            #expect(staticErrors.contains { $0.reason == reason }, "\(name): \(staticErrors)")
            expectError(RASPUnsupportedProgramError(errors: staticErrors),
                        message: (["Unsupported RASP expressions:"] + staticErrors.map(\.description)).joined(separator: "\n")) {
                try validator.validate(program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
            }
        case .valueSetValidation(let reason):
            #expect(staticErrors.isEmpty, "\(name) passes the static stage, like Tracr's static validation")
            let errors = validator.valueSetErrors(program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
            #expect(errors.map(\.reason) == [reason], "\(name): \(errors)")
        case .compiler, .compilesCorrectly:
            let errors = try validator.errors(program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
            #expect(errors.isEmpty, "\(name) is a valid program: \(errors)")
        }
    }

    /// Tracr's static validator caught 9 of the 17 cases; these are the same 9 (plus the ones
    /// Tracr only caught later or crashed on).
    @Test func tracrStaticCasesAreStaticHere() throws {
        for recorded in reference.unsupported where recorded.caughtByStaticValidation {
            let name = recorded.name
            let entry = try #require(RASPLibrary.unsupportedEntry(named: name))
            // `numerical(indices)` alone also lacks tokens, which Tracr only noticed later.
            let errors = RASPValidator().staticErrors(entry.build()).filter { $0.reason != .missingTokens }
            #expect(errors.count == 1, "\(name): \(errors)")
            // Tracr printed the name where we print the label (name_id).
            let messages = recorded.staticValidationMessages
            let tracrName = try #require(messages.first?.split(separator: ":").first.map(String.init))
            #expect(errors.first?.label.hasPrefix(tracrName + "_") == true || errors.first?.label == tracrName)
        }
    }

    @Test func labelsNameTheOffendingExpression() {
        let sel = Select(indices, indices, .eq).named("pick")
        let program = Map({ x in x }, Aggregate(sel, tokens, default: 1).named("bad"))
        let errors = RASPValidator().staticErrors(program)
        #expect(errors == [RASPValidationError(label: "bad_2", reason: .categoricalAggregateDefault(1))])
        #expect(errors[0].description == "bad_2: Categorical aggregate only supports None as default value.")
        #expect(
            RASPUnsupportedProgramError(errors: errors).description
                == "Unsupported RASP expressions:\nbad_2: Categorical aggregate only supports None as default value.")
    }
}
