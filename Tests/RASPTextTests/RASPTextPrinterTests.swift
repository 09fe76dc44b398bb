import AltaPrograms
import RASP
import RASPCompiler
@testable import RASPText
import Testing

/// Every RASP library program printed as `.rasp` text and read back: the same residual labels
/// and bit-identical compiled weights as the DSL program.
@Suite struct RASPTextPrinterTests {
    @Test func theRoundTripCoversTheWholeLibrary() {
        #expect(RASPLibrary.all.count == 42)
    }

    @Test(arguments: RASPLibrary.all.map(\.name))
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

    /// Tracr's n-ary SequenceMap passes tuples between its SequenceMaps: printed as tuple literals.
    @Test func tupleValuedSOpsArePrintedAsTupleLiterals() throws {
        let entry = try #require(RASPLibrary.entry(named: "nary_sequencemap_add"))
        let text = try RASPTextPrinter.text(of: try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
        // tokens × tokens → pairs; pairs × indices → triples; a map_table over the triples.
        #expect(text.contains("= named(sequence_map_table({1: {1: (1, 1), 2: (1, 2), 3: (1, 3)}, "))
        #expect(text.contains("(1, 1): {0: (1, 1, 0), 1: (1, 1, 1), "))
        #expect(text.contains("= named(map_table({(1, 1, 0): 2, (1, 1, 1): 1, "))
    }

    @Test func tupleLiteralsPrintTheirElements() throws {
        #expect(try RASPTextPrinter.literal(.tuple([.int(1), .string("a"), .bool(true)])) == "(1, \"a\", True)")
        #expect(try RASPTextPrinter.literal(.tuple([.float(0.5)])) == "(0.5,)")
        #expect(try RASPTextPrinter.literal(.tuple([.int(1), .tuple([.int(2), .int(3)])])) == "(1, (2, 3))")
    }

    @Test func printedTextHasTheHeaderNamesAndTables() throws {
        let entry = try #require(RASPLibrary.entry(named: "prim_map_cat"))
        let text = try RASPTextPrinter.text(of: try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
        #expect(text.hasPrefix("#@ vocab [1, 2, 3]\n#@ max_seq_len 5\n"))
        #expect(text.contains("= named(map_table({"))
    }
}
