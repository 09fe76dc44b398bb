import ALTA
import ALTACompiler
import AltaPrograms
import AltaTestSupport
import RASP
import RASPCompiler
import Testing

/// Every library entry compiles; the programs Tracr rejects are listed with their stage.
@Suite struct LibraryCompilationTests {
    /// Every registered RASP program builds and compiles at its default parameters.
    @Test(arguments: RASPLibrary.all.map(\.name))
    func raspEntryCompiles(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let compiled = try RASPModelCompiler.compile(
            entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        #expect(compiled.model.maxSequenceLength == entry.maxSeqLen + 1, "BOS plus the maximum length")
    }

    /// Tracr's rejected programs are listed with the stage that rejects them (and the
    /// validation reason); `RASPTests.UnsupportedProgramTests` checks each rejection.
    @Test func unsupportedProgramsAreListedWithTheirStage() {
        let stages = Dictionary(uniqueKeysWithValues: RASPLibrary.unsupported.map { ($0.name, $0.stage) })
        #expect(stages.count == 17)
        #expect(stages["bos_in_vocab"] == .compiler)
        #expect(stages["ov_wider_than_qk_assembly_bug"] == .compilesCorrectly)
        #expect(stages["numerical_aggregate_nonbinary"].map { if case .valueSetValidation = $0 { true } else { false } } == true)
        for entry in RASPLibrary.unsupported {
            #expect(!entry.description.isEmpty, "\(entry.name)")
            #expect(RASPLibrary.entry(named: entry.name) == nil, "\(entry.name) is not also a supported program")
        }
    }

    /// Every ALTA entry is a rule-form program and compiles for a short input (8 positions,
    /// or fewer when its position table is shorter); none is refused today. SCAN is only
    /// built here: `ALTACompilerTests.SCANCompiledTests` compiles and runs it (slow in debug
    /// builds).
    @Test(arguments: ALTALibrary.names)
    func altaEntryCompiles(name: String) throws {
        let program = try ALTALibrary.entry(named: name).program()
        #expect(program.ruleSet != nil, "\(name) is in rule form")
        guard name != "scan" else { return }
        let length = min(program.schema.positionRange ?? 8, 8)
        let compiled = try program.compile(maxLength: length)
        #expect(compiled.model.maxSequenceLength == length)
        #expect(compiled.model.metadata["alta.program"] == program.name)
    }
}
