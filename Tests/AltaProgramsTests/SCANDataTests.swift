import AltaPrograms
import AltaTestSupport
import Foundation
import Testing

/// The SCAN data loader, vocabularies, input encoding and output decoding.
@Suite struct SCANDataTests {
    /// Loads `tasks.txt` once per test that needs it.
    static func tasks() throws -> SCANDataset {
        try SCANDataset.tasks()
    }

    @Test func loadsAllTasks() throws {
        let data = try Self.tasks()
        #expect(data.examples.count == 20_910)
        let first = try #require(data.examples.first)
        #expect(first.commandText == "walk opposite right thrice after run opposite right")
        #expect(first.actionText
            == "RTURN RTURN RUN RTURN RTURN WALK RTURN RTURN WALK RTURN RTURN WALK")
        #expect(data.examples.map(\.command.count).max() == 9)
        #expect(data.examples.map(\.actions.count).max() == 48)
        #expect(Set(data.examples.map(\.command)).count == 20_910)
    }

    /// Each split's two parts hold the published counts and together are exactly tasks.txt.
    @Test(arguments: [(SCANSplit.length, 16_990, 3_920), (.simple, 16_728, 4_182)])
    func shippedSplitsPartitionTheTasks(split: SCANSplit, train: Int, test: Int) throws {
        let trainPart = try SCANDataset.split(split, .train)
        let testPart = try SCANDataset.split(split, .test)
        #expect(trainPart.examples.count == train)
        #expect(testPart.examples.count == test)
        let all = Set(try Self.tasks().examples)
        let trainSet = Set(trainPart.examples), testSet = Set(testPart.examples)
        #expect(trainSet.isDisjoint(with: testSet))
        #expect(trainSet.union(testSet) == all)
    }

    /// The length split's test commands have longer action sequences than any in training.
    @Test func lengthSplitTestsLongerOutputs() throws {
        let train = try SCANDataset.split(.length, .train).examples.map(\.actions.count)
        let test = try SCANDataset.split(.length, .test).examples.map(\.actions.count)
        #expect(train.max() == 22)
        #expect(test.min() == 24)
    }

    @Test func shippedFilesAndLicence() throws {
        #expect(SCANDataFile.tasks.relativePath == "tasks.txt")
        #expect(SCANDataFile.split(.length, .test).relativePath == "length_split/tasks_test_length.txt")
        #expect(SCANDataFile.split(.simple, .train).description == "simple_split/tasks_train_simple.txt")
        let folder = LibraryResources.folder.standardizedFileURL.path
        for file in [SCANDataFile.tasks] + SCANSplit.allCases.flatMap({ split in
            SCANSplit.Part.allCases.map { SCANDataFile.split(split, $0) }
        }) {
            #expect(file.url.standardizedFileURL.path.hasPrefix(folder + "/SCAN/"))
            #expect(FileManager.default.fileExists(atPath: file.url.path), "\(file)")
        }
        let licence = try String(contentsOf: LibraryResources.url("SCAN/LICENSE"), encoding: .utf8)
        #expect(licence.hasPrefix("BSD License"))
    }

    @Test func parsesBothActionSpellingsAndSkipsBlankLines() throws {
        let text = """

            IN: jump twice OUT: I_JUMP I_JUMP
              \t
            IN:   turn  left   OUT: LTURN
            """
        let data = try SCANDataset(parsing: text)
        #expect(data.examples == [
            SCANExample(command: [.jump, .twice], actions: [.jump, .jump]),
            SCANExample(command: [.turn, .left], actions: [.turnLeft]),
        ])
    }

    /// Each malformed line is reported with its 1-based line number and the reason.
    @Test(arguments: [
        ("jump OUT: I_JUMP", "expected the line to start with 'IN:', found 'jump'"),
        ("IN: jump I_JUMP", "missing 'OUT:' separator"),
        ("IN: jump OUT: I_JUMP OUT: I_JUMP", "'OUT:' appears 2 times"),
        ("IN: OUT: I_JUMP", "empty command before 'OUT:'"),
        ("IN: jump OUT:", "no actions after 'OUT:'"),
        ("IN: hop OUT: I_JUMP", "unknown SCAN command word 'hop' (expected one of: and, after, opposite, turn, around, left, right, twice, thrice, walk, look, run, jump)"),
        ("IN: jump OUT: I_HOP",
         "unknown SCAN action 'I_HOP' (expected one of: I_WALK, I_LOOK, I_RUN, I_JUMP, I_TURN_LEFT, I_TURN_RIGHT)"),
        ("IN: jump jump jump jump jump jump jump jump jump jump OUT: I_JUMP",
         "SCAN command has 10 words; at most 9 fit the input region"),
        ("IN: jump OUT: " + Array(repeating: "I_JUMP", count: 49).joined(separator: " "),
         "SCAN output has 49 actions; at most 48 fit the output buffer"),
    ])
    func malformedLinesNameTheLine(line: String, reason: String) throws {
        let text = "IN: walk OUT: I_WALK\n\n" + line + "\nIN: run OUT: I_RUN\n"
        do {
            _ = try SCANDataset(parsing: text)
            Issue.record("expected an error for: \(line)")
        } catch {
            guard case .malformedLine(let number, let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(number == 3)
            #expect(message == reason)
            #expect(error.description == "SCAN data line 3: \(reason)")
        }
    }

    @Test func unreadableFileIsReported() throws {
        let url = URL(fileURLWithPath: "/nonexistent/scan/tasks.txt")
        expectError(SCANError.unreadableFile(path: url.path, reason: "no such file"),
                    message: "cannot read SCAN data file /nonexistent/scan/tasks.txt: no such file") {
            try SCANDataset(contentsOf: url)
        }
    }

    @Test func vocabulariesMatchUpstreamIds() throws {
        #expect(SCANWord.allCases.count == 13)
        #expect(SCANWord.jump.inputID == 12 && SCANWord.jump.symbolID == 13)
        #expect(SCANWord.and.inputID == 0 && SCANWord.and.symbolID == 1)
        #expect(SCANInputToken.all.map(\.description) == [
            "and", "after", "opposite", "turn", "around", "left", "right", "twice", "thrice",
            "walk", "look", "run", "jump", "start", "memory", "eos", "pad",
        ])
        #expect(SCANSymbol.all.map(\.description) == [
            "PAD", "and", "after", "opposite", "turn", "around", "left", "right", "twice",
            "thrice", "walk", "look", "run", "jump", "WALK", "LOOK", "RUN", "JUMP", "LTURN",
            "RTURN", "S",
        ])
        for symbol in SCANSymbol.all { #expect(SCANSymbol(id: symbol.id) == symbol) }
        for token in SCANInputToken.all {
            #expect(SCANInputToken(id: token.id) == token)
            #expect(SCANInputToken(name: token.description) == token)
        }
        #expect(SCANSymbol(id: 21) == nil && SCANInputToken(id: 17) == nil)
        #expect(SCANAction(name: "I_TURN_RIGHT") == .turnRight)
        #expect(SCANAction(name: "RTURN") == .turnRight)
        #expect(SCANAction(symbolID: 17) == .jump && SCANAction(symbolID: 20) == nil)
    }

    @Test func encodesTheMemoryLayout() throws {
        let layout = try SCANLayout(maxPadding: 2)
        #expect(SCANLayout().positionCount == 78)
        #expect(layout.positionCount == 80)
        let ids = try layout.encode(command: "jump twice after walk", padding: 2)
        #expect(ids.count == 2 + 69 + 4)
        #expect(ids[0] == 16 && ids[1] == 16)
        #expect(ids[2] == 13)
        #expect(ids[3...69].allSatisfy { $0 == 14 })
        #expect(Array(ids[70...]) == [12, 7, 1, 9, 15])
        // The longest command with the largest padding fits the position table exactly.
        let longest = try layout.encode(
            command: "look around right thrice after jump opposite left twice", padding: 2)
        #expect(longest.count == layout.positionCount)
    }

    @Test func encodingRejectsBadInput() throws {
        let layout = SCANLayout()
        #expect(throws: SCANError.unknownWord("hop")) { try layout.encode(command: "hop twice") }
        #expect(throws: SCANError.emptyCommand) { try layout.encode(command: "  ") }
        #expect(throws: SCANError.invalidPadding(requested: 1, maximum: 0)) {
            try layout.encode(command: "walk", padding: 1)
        }
        #expect(throws: SCANError.invalidMaxPadding(-1)) { try SCANLayout(maxPadding: -1) }
        #expect(throws: SCANError.commandTooLong(words: 10, maximum: 9)) {
            try layout.encode(command: Array(repeating: "walk", count: 10).joined(separator: " "))
        }
    }

    @Test func decodesOutputs() throws {
        var outputs = [Int?](repeating: 0, count: 78)
        outputs[0] = nil
        outputs[20] = 17
        outputs[21] = 18
        outputs[22] = 14
        #expect(try SCANLayout.decode(outputs: outputs) == [.jump, .turnLeft, .walk])
        outputs[30] = 20
        #expect(throws: SCANError.invalidOutputSymbol(position: 30, value: 20)) {
            try SCANLayout.decode(outputs: outputs)
        }
    }
}
