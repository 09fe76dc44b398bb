import AltaPrograms
import RASP
import RASPCompiler
import RASPText
import Testing

/// Every RASP library program printed as `.rasp` text and read back: the same residual labels
/// and bit-identical compiled weights as the DSL program.
@Suite struct RASPTextPrinterTests {
    /// The programs whose SequenceMaps pass tuples between them (no tuple literal in `.rasp`).
    static let tuplePrograms = ["nary_sequencemap_add": "sequence_map_3", "nary_sequencemap_muldiv": "sequence_map_3"]

    @Test(arguments: RASPLibrary.all.map(\.name).filter { tuplePrograms[$0] == nil })
    func printedProgramCompilesToTheSameWeights(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let program = try entry.build()
        let text = try RASPTextPrinter.text(of: program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal)
        let read = try RASPTextProgram(source: text, fileName: "\(name).rasp")
        #expect(read.vocabulary == entry.vocabulary && read.maxSeqLen == entry.maxSeqLen && read.causal == entry.causal)
        let original = try RASPModelCompiler.compile(
            program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        let again = try RASPModelCompiler.compile(
            read.output, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        #expect(again.model.residualLabels == original.model.residualLabels)
        #expect(again.model == original.model)
    }

    @Test func tupleValuesAreRefusedNamingTheSOp() throws {
        for (name, label) in Self.tuplePrograms.sorted(by: { $0.key < $1.key }) {
            let entry = try #require(RASPLibrary.entry(named: name))
            let program = try entry.build()
            #expect(throws: RASPTextPrintError.self) {
                try RASPTextPrinter.text(of: program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
            }
            do {
                _ = try RASPTextPrinter.text(of: program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
            } catch {
                guard case .unsupported(let place, let what) = error else { Issue.record("\(error)"); continue }
                #expect(place == label)
                #expect(what.hasPrefix("a function with tuple values such as ("))
            }
        }
    }

    @Test func printedTextHasTheHeaderNamesAndTables() throws {
        let entry = try #require(RASPLibrary.entry(named: "prim_map_cat"))
        let text = try RASPTextPrinter.text(of: try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
        #expect(text.hasPrefix("#@ vocab [1, 2, 3]\n#@ max_seq_len 5\n"))
        #expect(text.contains("= named(map_table({"))
    }
}
