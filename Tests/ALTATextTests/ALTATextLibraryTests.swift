import ALTA
import ALTACompiler
import Foundation
import ALTAText
import AltaPrograms
import Testing

/// Every shipped `.alta` program is the library's Swift DSL program: the same variables,
/// heads and rules, bit-identical compiled weights, identical interpreter traces on the
/// entry's example inputs, and an input encoding that gives the entry's tokens.
@Suite struct ALTATextLibraryTests {
    /// Positions for programs without a position table (relative heads only).
    static let maxLength = 24

    /// Each program read from its file and built by the DSL once for the suite (building
    /// sort_unique takes seconds in a debug build).
    static let built: [String: Result<(text: ALTATextProgram, dsl: ALTAProgram), any Error>] = Dictionary(
        uniqueKeysWithValues: ALTATextLibrary.names.map { name in
            (name, Result { (try ALTATextLibrary.program(named: name), try ALTALibrary.entry(named: name).program()) })
        })

    static func programs(_ name: String) throws -> (text: ALTATextProgram, dsl: ALTAProgram) {
        try #require(built[name]).get()
    }

    @Test func everyShippedFileIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(
            at: ALTATextLibrary.url(named: "x").deletingLastPathComponent(), includingPropertiesForKeys: nil)
        #expect(files.map { $0.deletingPathExtension().lastPathComponent }.sorted() == ALTATextLibrary.names)
        #expect(Set(ALTATextLibrary.names).isSubset(of: Set(ALTALibrary.names)))
    }

    @Test(arguments: ALTATextLibrary.names)
    func sameProgramAsTheSwiftDSL(name: String) throws {
        let (file, dsl) = try Self.programs(name)
        let text = file.program
        #expect(text.name == dsl.name)
        #expect(text.variables == dsl.variables)
        #expect(text.heads == dsl.heads)
        #expect(text.rules == dsl.rules)
        #expect(text.ruleStatistics == dsl.ruleStatistics)
        #expect(text.output == dsl.output)
        #expect(text.halt == dsl.halt)
    }

    @Test(arguments: ALTATextLibrary.names)
    func compilesToBitIdenticalWeights(name: String) throws {
        let (file, dsl) = try Self.programs(name)
        let text = file.program
        let length = dsl.positionRange == nil ? Self.maxLength : nil
        let a = try ALTATransformerCompiler.compile(text, maxLength: length)
        let b = try ALTATransformerCompiler.compile(dsl, maxLength: length)
        #expect(a.model.residualLabels == b.model.residualLabels)
        #expect(a.model == b.model)
    }

    @Test(arguments: ALTATextLibrary.names)
    func interpreterTracesAreIdentical(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let (text, dsl) = try Self.programs(name)
        for input in entry.exampleInputs {
            let tokens = try entry.encode(input)
            let limit = entry.layerLimit(forTokenCount: tokens.count)
            let ours = try ALTAInterpreter(program: text.program).run(tokens, layers: limit, trace: true)
            let theirs = try ALTAInterpreter(program: dsl).run(tokens, layers: limit, trace: true)
            #expect(ours.output == theirs.output, "\(name) on \(input)")
            #expect(ours.layersRun == theirs.layersRun && ours.halted == theirs.halted, "\(name) on \(input)")
            #expect(ours.trace?.initial == theirs.trace?.initial, "\(name) on \(input)")
            #expect(ours.trace?.layers == theirs.trace?.layers, "\(name) on \(input)")
            #expect(try entry.decode(ours.output) == entry.decode(theirs.output))
            // The file's own layer budget gives the same result.
            let budget = try #require(text.layerLimit)
            let own = try ALTAInterpreter(program: text.program).run(tokens, layers: budget, trace: false)
            #expect(own.output == theirs.output && own.layersRun == theirs.layersRun, "\(name) on \(input) with \(budget)")
        }
    }

    /// The declared input encoding gives the entry's tokens (addition only for operands of
    /// equal length: the text encoding does not pad them).
    @Test(arguments: ALTATextLibrary.names)
    func inputEncodingMatchesTheEntry(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let encoding = try #require(try Self.programs(name).text.encoding)
        var compared = 0
        for input in entry.exampleInputs {
            if name == "addition" {
                let parts = input.split(separator: "+")
                guard parts.count == 2, parts[0].count == parts[1].count else { continue }
            }
            #expect(try encoding.tokens(for: input) == entry.encode(input), "\(name) on \(input)")
            compared += 1
        }
        #expect(compared >= 2)
    }
}
