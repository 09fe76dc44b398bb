import Foundation
import AltaTestSupport
import Testing
@testable import AltaTransformer

/// `TextEncoding`: text → tokens, outputs → text, and its trip through `config.json`.
@Suite struct TextEncodingTests {
    static let digits = (0...9).map(String.init)
    static let addition = TextEncoding(
        input: InputTextEncoding(
            split: .characters, pieces: digits, prefix: ["START"], suffix: ["END"],
            groups: .init(separator: "+", count: 2, pad: "0", name: "operand")),
        output: OutputTextDecoding(
            skipLast: 1, values: Dictionary(uniqueKeysWithValues: digits.map { ($0, $0) }),
            nulls: .reject, separator: "", stripLeadingZeros: true))

    @Test func groupsArePaddedAndFramed() throws {
        #expect(try Self.addition.input.tokens(for: "12+34") == ["START", "1", "2", "+", "3", "4", "END"])
        #expect(try Self.addition.input.tokens(for: " 123 + 4") == ["START", "1", "2", "3", "+", "0", "0", "4", "END"])
    }

    @Test func inputErrorsNameTheProblem() throws {
        let input = Self.addition.input
        #expect(throws: TextEncodingError.groupCount(found: 1, expected: 2, separator: "+", name: "operand")) { try input.tokens(for: "12") }
        #expect(throws: TextEncodingError.emptyGroup(index: 1, name: "operand")) { try input.tokens(for: "12+") }
        #expect(TextEncodingError.groupCount(found: 1, expected: 2, separator: "+", name: "operand").description
                == "expected 2 operands joined by '+', found 1")
        #expect(TextEncodingError.emptyGroup(index: 1, name: "operand").description == "operand 2 is empty")
        #expect(throws: TextEncodingError.unknownPiece("a", position: 4, allowed: Self.digits)) { try input.tokens(for: "12+3a") }
        #expect(TextEncodingError.unknownPiece("a", position: 4, allowed: ["0", "1"]).description == "'a' at position 4 is not one of 0 1")

        let numbers = InputTextEncoding(split: .whitespace, skipped: ",", pieces: ["1", "2", "3"], prefix: ["BOS"], maxPieces: 2, distinct: true)
        #expect(try numbers.tokens(for: "3,1") == ["BOS", "3", "1"])
        #expect(throws: TextEncodingError.emptyInput) { try numbers.tokens(for: " , ") }
        #expect(throws: TextEncodingError.tooManyPieces(count: 3, maximum: 2)) { try numbers.tokens(for: "1 2 3") }
        #expect(throws: TextEncodingError.repeatedPiece("2")) { try numbers.tokens(for: "2 2") }
        #expect(TextEncodingError.tooManyPieces(count: 3, maximum: 2).description == "3 pieces given, at most 2 fit")
        #expect(TextEncodingError.repeatedPiece("2").description == "'2' appears twice (pieces must be distinct)")

        let bits = InputTextEncoding(split: .characters, pieces: ["0", "1"], suffix: ["EOS"], maxOccurrences: ["1": 2])
        #expect(try bits.tokens(for: "1 0 1") == ["1", "0", "1", "EOS"])
        #expect(throws: TextEncodingError.tooManyOccurrences("1", count: 3, maximum: 2)) { try bits.tokens(for: "111") }
        #expect(TextEncodingError.tooManyOccurrences("1", count: 3, maximum: 2).description == "'1' appears 3 times, at most 2 are supported")

        let memory = InputTextEncoding(split: .whitespace, padding: .init(length: 4, piece: "0"))
        #expect(try memory.tokens(for: "3 -2") == ["3", "-2", "0", "0"])
    }

    @Test func outputsBecomeText() throws {
        let sum = Self.addition.output
        #expect(try sum.text(of: [.category("0"), .category("4"), .category("6"), .category("9")]) == "46")
        #expect(try sum.text(of: [.category("0"), .category("0"), .null]) == "0")
        #expect(throws: TextEncodingError.nullOutput(position: 1)) { try sum.text(of: [.category("1"), .null, .category("3")]) }
        #expect(throws: TextEncodingError.unexpectedOutput(position: 0, value: "12", allowed: Self.digits)) {
            try sum.text(of: [.category("12"), .category("3")])
        }
        #expect(throws: TextEncodingError.noOutput) { try sum.text(of: []) }

        let last = OutputTextDecoding(lastOnly: true)
        #expect(try last.text(of: [.category("0"), .category("1")]) == "1")
        #expect(throws: TextEncodingError.noOutput) { try last.text(of: []) }

        let actions = OutputTextDecoding(values: ["14": "WALK", "17": "JUMP"], omit: ["0"], nulls: .omit)
        #expect(try actions.text(of: [.null, .category("0"), .category("17"), .category("14")]) == "JUMP WALK")
        #expect(try OutputTextDecoding.values.text(of: [.category("BOS"), .null, .number(2)]) == "BOS - 2")
        #expect(TextEncodingError.unexpectedOutput(position: 2, value: "13", allowed: ["14", "17"]).description
                == "position 2 holds 13, not one of 14 17")
    }

    @Test func encodingTravelsThroughExport() throws {
        var model = try CopyPreviousTokenModel.make()
        #expect(model.textEncoding == .tokens)
        model.textEncoding = TextEncoding(
            input: InputTextEncoding(split: .characters, pieces: ["a", "b", "c"], prefix: ["BOS"], maxPieces: 5),
            output: OutputTextDecoding(skipFirst: 1, values: ["a": "A", "b": "B", "c": "C"], nulls: .omit, separator: ","))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-encoding-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, name: "copy")
        let loaded = try TransformerModel.load(from: folder)
        #expect(loaded.textEncoding == model.textEncoding)

        let tokens = try loaded.tokens(forText: "abc")
        #expect(tokens == ["BOS", "a", "b", "c"])
        let result = try loaded.run([tokens])
        #expect(try loaded.text(of: result.outputs(of: 0)) == "A,B")

        // config.json holds it under alta.text_encoding.
        let config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json"))) as? [String: Any])
        let encoding = try #require((config["alta"] as? [String: Any])?["text_encoding"] as? [String: Any])
        #expect((encoding["input"] as? [String: Any])?["split"] as? String == "characters")
        #expect((encoding["output"] as? [String: Any])?["skip_first"] as? Int == 1)
    }

    @Test func folderWithoutAnEncodingReadsWhitespaceTokens() throws {
        let model = try CopyPreviousTokenModel.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-encoding-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, name: "copy")
        let configURL = folder.appendingPathComponent("config.json")
        var config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var alta = try #require(config["alta"] as? [String: Any])
        alta["text_encoding"] = nil
        config["alta"] = alta
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        let loaded = try TransformerModel.load(from: folder)
        #expect(loaded.textEncoding == .tokens)
        #expect(try loaded.tokens(forText: "a b") == ["BOS", "a", "b"])
    }

    /// A hand-edited encoding that names unknown tokens or unbounded counts is refused on load.
    @Test(arguments: [
        ("prefix", #"{"split": "whitespace", "prefix": ["BOS", "START"]}"#,
         "config.json: field 'alta.text_encoding.input.prefix[1]' 'START' is not among alta.input_tokens"),
        ("padding", #"{"split": "whitespace", "padding": {"length": 1000000000000, "piece": "a"}}"#,
         "config.json: field 'alta.text_encoding.input.padding.length' must be in 0...9 (n_ctx), got 1000000000000"),
        ("groups", #"{"split": "characters", "groups": {"separator": "", "count": 2, "pad": "a"}}"#,
         "config.json: field 'alta.text_encoding.input.groups.separator' must not be empty"),
    ])
    func badEncodingsAreRefusedOnLoad(name: String, inputJSON: String, message: String) throws {
        let input = try JSONSerialization.jsonObject(with: Data(inputJSON.utf8))
        let model = try CopyPreviousTokenModel.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-encoding-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, name: "copy")
        let configURL = folder.appendingPathComponent("config.json")
        var config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var alta = try #require(config["alta"] as? [String: Any])
        alta["text_encoding"] = ["input": input, "output": ["nulls": "show", "separator": " "]]
        config["alta"] = alta
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        expectError(ExportError.self, message: message,
                    matching: { if case .invalidConfig = $0 { true } else { false } }) {
            try TransformerModel.load(from: folder)
        }
    }

    @Test func descriptionsSayWhatHappens() {
        #expect(Self.addition.input.description
                == "per character, pieces 0 1 2 3 4 5 6 7 8 9, 2 operands joined by '+' (shorter ones padded with 0 in front), prefix START, suffix END")
        #expect(OutputTextDecoding(skipFirst: 1, nulls: .reject).description == "every position but the first 1, nulls rejected, joined by \" \"")
        #expect(InputTextEncoding.abbreviate(["start"] + Array(repeating: "memory", count: 67)) == "start memory×67")
    }
}
