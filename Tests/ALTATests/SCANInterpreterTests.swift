import ALTA
import AltaPrograms
import AltaTensors
import Foundation
import AltaTestSupport
import Testing

/// The ALTA interpreter running the SCAN program: worked examples of ALTA-EXAMPLES §5.7
/// (states, tree layout, layer counts) and a seeded sample of the SCAN tasks.
@Suite struct SCANInterpreterTests {
    /// One program for all tests (building it takes seconds in debug builds).
    static let program = Result { try SCANProgram.make() }
    /// The program for inputs with up to 8 padding tokens.
    static let paddedProgram = Result { try SCANProgram.make(maxPadding: 8) }

    /// Runs `command` until DONE (cap 512), with or without a trace.
    static func run(
        _ command: String, padding: Int = 0, trace: Bool = false
    ) throws -> (actions: [SCANAction], run: ALTARun) {
        let program = try padding == 0 ? Self.program.get() : Self.paddedProgram.get()
        let maxPadding = padding == 0 ? 0 : 8
        let tokens = try SCANProgram.encode(command: command, padding: padding, maxPadding: maxPadding)
        let run = try ALTAInterpreter(program: program)
            .run(tokens, layers: .untilHalt(maxLayers: 512), trace: trace)
        return (try SCANProgram.decode(outputs: run.output), run)
    }

    @Test func jumpTwiceWorkedExample() throws {
        let (actions, run) = try Self.run("jump twice", trace: true)
        #expect(actions == [.jump, .jump])
        #expect(run.layersRun == 42)
        #expect(run.halted)
        let trace = try #require(run.trace)
        let program = try Self.program.get()
        func value(_ name: String, layer: Int, at position: Int) -> Int? {
            let index = program.schema.variableIndex(named: name) ?? -1
            return trace.layers[layer - 1].afterMLP[position, index]?.intValue
        }
        // Layer 1 (INIT_PARSE): stack 4 with top-3 pointers 3, 2, 1; tree 12; input 68.
        #expect(value("processing_step", layer: 1, at: 0) == 1)
        #expect(value("stack_pointer", layer: 1, at: 30) == 4)
        #expect([1, 2, 3].map { value("stack_pointer_\($0)", layer: 1, at: 5) } == [3, 2, 1])
        #expect(value("tree_pointer", layer: 1, at: 0) == 12)
        #expect(value("input_pointer", layer: 1, at: 0) == 68)
        // Layers 2–5: shift `jump` into slot 4.
        #expect(value("symbol_id", layer: 5, at: 4) == SCANWord.jump.symbolID)
        #expect(value("input_pointer", layer: 5, at: 0) == 69)
        // Layers 6–9: reduce `jump`: slot 4 is S with node 12, tree slot 12 holds rule id 8.
        #expect(value("symbol_id", layer: 9, at: 4) == SCANSymbol.nonterminalID)
        #expect(value("tree_node_position", layer: 9, at: 4) == 12)
        #expect(value("rule_id", layer: 9, at: 12) == 8)
        #expect(value("tree_pointer", layer: 9, at: 0) == 13)
        // Layers 14–17: reduce `S twice`: slot 5 popped, node 13 = rule id 3 with child 12.
        #expect(value("symbol_id", layer: 17, at: 5) == 0)
        #expect(value("tree_node_position", layer: 17, at: 4) == 13)
        #expect(value("rule_id", layer: 17, at: 13) == 3)
        #expect(value("tree_child_0", layer: 17, at: 13) == 12)
        #expect(value("tree_parent", layer: 17, at: 12) == 13)
        // Layers 18–21: no match with `eos` → INIT_DECODE; layer 22: output pointer 20,
        // current node = root 13.
        #expect(value("processing_step", layer: 21, at: 0) == SCANProgramStep.initDecode.rawValue)
        #expect(value("processing_step", layer: 22, at: 0) == SCANProgramStep.decode1.rawValue)
        #expect(value("output_pointer", layer: 22, at: 0) == 20)
        #expect(value("tree_pointer", layer: 22, at: 0) == 13)
        #expect(value("current_node_pointer", layer: 22, at: 0) == 13)
        // The first COPY writes slot 20 at layer 28, the last one slot 21 at layer 37.
        #expect(value("output_symbol_id", layer: 27, at: 20) == 0)
        #expect(value("output_symbol_id", layer: 28, at: 20) == SCANAction.jump.symbolID)
        #expect(value("output_symbol_id", layer: 36, at: 21) == 0)
        #expect(value("output_symbol_id", layer: 37, at: 21) == SCANAction.jump.symbolID)
        #expect(value("processing_step", layer: 41, at: 0) == SCANProgramStep.decode2.rawValue)
        #expect(value("processing_step", layer: 42, at: 0) == SCANProgramStep.done.rawValue)
        // Every position agrees on the global registers at every layer.
        let stepIndex = try #require(program.schema.variableIndex(named: "processing_step"))
        for layer in trace.layers {
            let steps = Set((0..<layer.afterMLP.length).map { layer.afterMLP[$0, stepIndex] })
            #expect(steps.count == 1)
        }
        // Every head selects exactly one position at every layer (pointers default to 0,
        // a valid position) and reads a defined value — what a compiled model needs (a
        // categorical head with zero or several matches averages in the weights).
        let headColumns = program.heads.compactMap { program.schema.variableIndex(named: $0.output) }
        #expect(headColumns.count == 13)
        var badMatches = 0
        var nullHeadReads = 0
        for layer in trace.layers {
            #expect(layer.headMatches.count == 13)
            badMatches += layer.headMatches.joined().filter { $0 != 1 }.count
            for position in 0..<layer.afterAttention.length {
                for column in headColumns where layer.afterAttention[position, column] == nil {
                    nullHeadReads += 1
                }
            }
        }
        #expect(badMatches == 0)
        #expect(nullHeadReads == 0)
    }

    /// ALTA-EXAMPLES §5.7: `jump twice after walk` with padding 2 (start at position 2).
    @Test func paddedTreeLayout() throws {
        let (actions, run) = try Self.run("jump twice after walk", padding: 2)
        #expect(actions == [.walk, .jump, .jump])
        #expect(run.layersRun == 73)
        let program = try Self.paddedProgram.get()
        func column(_ name: String, _ positions: ClosedRange<Int>) -> [Int?] {
            let index = program.schema.variableIndex(named: name) ?? -1
            return positions.map { run.finalState[$0, index]?.intValue }
        }
        let tree = 14...17  // start 2 + tree offset 12
        #expect(column("rule_id", tree) == [8, 3, 5, 2])
        #expect(column("tree_child_0", tree) == [0, 14, 0, 15])
        #expect(column("tree_child_1", tree) == [0, 0, 0, 16])
        #expect(column("tree_parent", tree) == [15, 17, 17, 0])
        #expect(column("output_symbol_id", 22...25) == [14, 17, 17, 0])
    }

    /// Layer counts measured on the upstream interpreter (ALTA-EXAMPLES §5.7), without the
    /// 408-layer commands (see `longestCommand`).
    @Test(arguments: [
        ("walk", 19, "WALK"), ("turn left", 23, "LTURN"), ("jump twice", 42, "JUMP JUMP"),
        ("jump after look left", 67, "LTURN LOOK JUMP"),
        ("walk around left", 76, "LTURN WALK LTURN WALK LTURN WALK LTURN WALK"),
        ("turn around right thrice", 86, Array(repeating: "RTURN", count: 12).joined(separator: " ")),
        ("look right and turn opposite right twice", 104, "RTURN LOOK RTURN RTURN RTURN RTURN"),
        ("walk opposite left twice and run", 109, "LTURN LTURN WALK LTURN LTURN WALK RUN"),
    ])
    func layerCounts(command: String, layers: Int, actions: String) throws {
        let (decoded, run) = try Self.run(command)
        #expect(decoded.actionText == actions)
        #expect(run.layersRun == layers)
        #expect(run.halted)
    }

    /// The library entry encodes, runs and decodes; bad commands are reported.
    @Test func libraryEntry() throws {
        let entry = SCANProgram.entry
        #expect(entry.name == "scan")
        let (output, run) = try entry.run("jump twice after walk", program: Self.program.get())
        #expect(output == "WALK JUMP JUMP")
        #expect(run.layersRun == 73)
        expectError(ALTAExampleError.invalidInput(program: "scan", input: "jump twice after hop", reason: "unknown SCAN command word 'hop' (expected one of: and, after, opposite, turn, around, left, right, twice, thrice, walk, look, run, jump)"),
                    message: "scan: cannot encode input 'jump twice after hop': unknown SCAN command word 'hop' (expected one of: and, after, opposite, turn, around, left, right, twice, thrice, walk, look, run, jump)") {
            try entry.encode("jump twice after hop")
        }
        expectError(ALTAExampleError.invalidOutput(program: "scan", reason: "position 1 holds 20, not one of 14 15 16 17 18 19"),
                    message: "scan: cannot decode output: position 1 holds 20, not one of 14 15 16 17 18 19") {
            try entry.decode([.int(0), .int(20)])
        }
        #expect(entry.layerLimit(forTokenCount: 71) == .untilHalt(maxLayers: 512))
    }

    /// One of the longest SCAN runs: 408 layers, 48 actions (the whole output buffer).
    @Test func longestCommand() throws {
        for command in ["run around right thrice after jump around left thrice"] {
            let (actions, run) = try Self.run(command)
            #expect(actions == (try SCANSemantics.interpret(command: command)))
            #expect(actions.count == 48)
            #expect(run.layersRun == 408)
        }
    }
}

/// The interpreter on seeded samples of `tasks.txt`, checked against the data set and
/// against the layer count predicted by the plain-Swift parse (ALTA-EXAMPLES §5.7).
///
/// Debug builds interpret about 30 ms per SCAN layer (≈ 5 s per average command), so the
/// default sample is small; set `ALTA_SCAN_SAMPLE=<n>` to run a larger one (CI runs 500 in
/// its release step, `.ci/run`).
@Suite struct SCANInterpreterSampleTests {
    static let sampleSize = ProcessInfo.processInfo.environment["ALTA_SCAN_SAMPLE"]
        .flatMap { Int($0) } ?? 12

    /// `count` distinct examples chosen with a fixed seed.
    static func sample(_ count: Int, seed: UInt64) throws -> [SCANExample] {
        let examples = try SCANDataset.tasks().examples
        var generator = SplitMix64(seed: seed)
        var indices = Array(examples.indices)
        // Partial Fisher–Yates shuffle.
        for i in 0..<min(count, indices.count) {
            let j = i + Int(generator.next() % UInt64(indices.count - i))
            indices.swapAt(i, j)
        }
        return indices.prefix(count).map { examples[$0] }
    }

    @Test func seededSampleMatchesDataset() throws {
        let sample = try Self.sample(Self.sampleSize, seed: 0x5CA9)
        let program = try SCANInterpreterTests.program.get()
        let result = try SCANEvaluation.run(sample, program: program, maxLayers: 512)
        #expect(result.total == Self.sampleSize)
        #expect(result.correct == result.total, "\(result.mismatches.prefix(5))")
        #expect(result.notHalted == 0)
        for (example, layers) in zip(sample, result.layers) {
            #expect(layers == (try SCANParseTree.parse(example.command).layerCount),
                    "\(example.commandText)")
        }
    }

    /// Padding shifts every absolute position but changes neither output nor layer count.
    @Test func paddingDoesNotChangeTheResult() throws {
        let sample = try Self.sample(1, seed: 0xA11)
        let program = try SCANInterpreterTests.paddedProgram.get()
        for padding in [3, 8] {
            let result = try SCANEvaluation.run(sample, program: program, padding: padding)
            #expect(result.correct == sample.count, "\(result.mismatches)")
            #expect(result.layers == (try sample.map { try SCANParseTree.parse($0.command).layerCount }))
        }
    }

    @Test func evaluationReportsMismatchesAndCaps() throws {
        let program = try SCANInterpreterTests.program.get()
        let wrong = SCANExample(command: [.walk], actions: [.run])
        let right = SCANExample(command: [.turn, .left], actions: [.turnLeft])
        let result = try SCANEvaluation.run([wrong, right], program: program)
        #expect(result.total == 2 && result.correct == 1 && result.accuracy == 0.5)
        #expect(result.mismatches == [
            SCANEvaluation.Mismatch(command: "walk", expected: "RUN", actual: "WALK"),
        ])
        #expect(result.layers == [19, 23])
        // Stopped before the COPY of `walk` (layer 15): nothing decoded, not halted.
        let capped = try SCANEvaluation.run([right], program: program, maxLayers: 10)
        #expect(capped.correct == 0 && capped.notHalted == 1 && capped.layers == [10])
        #expect(capped.mismatches.first?.actual == "")
        // Padding beyond the program's maxPadding is an encoding error, reported per example.
        let padded = try SCANEvaluation.run([right], program: program, padding: 1)
        #expect(padded.correct == 0)
        #expect(padded.mismatches.first?.actual.contains("padding 1") == true)
        // Progress is reported once per example.
        let counter = SCANProgressCounter()
        _ = try SCANEvaluation.run([right, wrong], program: program, progress: counter.record)
        #expect(counter.values.sorted() == [1, 2])
    }

    @Test func decodeRejectsNonActionOutputs() throws {
        #expect(try SCANProgram.decode(outputs: [nil, .int(0), .int(19), .int(14)]) == [.turnRight, .walk])
        #expect(throws: SCANError.nonCategoricalOutput(position: 1, value: "0.5")) {
            try SCANProgram.decode(outputs: [.int(0), .number(0.5)])
        }
        #expect(throws: SCANError.invalidOutputSymbol(position: 0, value: 13)) {
            try SCANProgram.decode(outputs: [.int(13)])
        }
    }
}

/// Collects progress callbacks from worker threads.
final class SCANProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Int] = []

    func record(_ finished: Int) {
        lock.lock()
        recorded.append(finished)
        lock.unlock()
    }

    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}
