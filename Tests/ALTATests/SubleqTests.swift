import ALTA
import AltaPrograms
import AltaTensors
import AltaTestSupport
import Testing

/// SUBLEQ against a direct emulator that follows the program's layer schedule.
@Suite struct SubleqTests {
    /// Result of the emulator: memory, layers used, whether it halted.
    struct Outcome: Equatable {
        var memory: [Int]
        var layers: Int
        var halted: Bool
    }

    /// Runs SUBLEQ on 16 cells with at most `cap` layers: fetch (1 layer; halts on an operand
    /// outside 0…15), execute (1 layer; `mem[b] −= mem[a]` clamped to −16…16), branch (1 layer;
    /// halts when the next pc is negative or above 13).
    static func emulate(_ initial: [Int], cap: Int) -> Outcome {
        var memory = initial
        var pc = 0
        var layers = 0
        while true {
            if layers == cap { return Outcome(memory: memory, layers: layers, halted: false) }
            layers += 1
            let (a, b, c) = (memory[pc], memory[pc + 1], memory[pc + 2])
            if !(0...15).contains(a) || !(0...15).contains(b) { return Outcome(memory: memory, layers: layers, halted: true) }
            if layers == cap { return Outcome(memory: memory, layers: layers, halted: false) }
            layers += 1
            let difference = memory[b] - memory[a]
            memory[b] = min(max(difference, -16), 16)
            if layers == cap { return Outcome(memory: memory, layers: layers, halted: false) }
            layers += 1
            let next = difference <= 0 ? c : pc + 3
            if !(0...13).contains(next) { return Outcome(memory: memory, layers: layers, halted: true) }
            pc = next
        }
    }

    /// A random small program: instructions with valid addresses most of the time, data cells
    /// with small values.
    static func randomMemory(_ rng: inout SplitMix64) -> [Int] {
        var memory = (0..<16).map { _ in Int.random(in: -4...4, using: &rng) }
        let instructions = Int.random(in: 1...4, using: &rng)
        for k in 0..<instructions {
            let base = 3 * k
            memory[base] = Int.random(in: 0...15, using: &rng)
            memory[base + 1] = Int.random(in: 0...15, using: &rng)
            memory[base + 2] = Int.random(in: 0...10, using: &rng) == 0 ? -1 : Int.random(in: 0...14, using: &rng)
        }
        if Int.random(in: 0...9, using: &rng) == 0 { memory[Int.random(in: 0...15, using: &rng)] = Int.random(in: -16...16, using: &rng) }
        return memory
    }

    @Test(arguments: [ALTAMLPForm.rules, .function])
    func randomProgramsMatchTheEmulator(form: ALTAMLPForm) throws {
        let interpreter = ALTAInterpreter(program: try ALTASubleq.program(form: form))
        var rng = SplitMix64(seed: 31)
        var halted = 0
        for _ in 0..<80 {
            let memory = Self.randomMemory(&rng)
            let cap = 60
            let expected = Self.emulate(memory, cap: cap)
            let run = try interpreter.run(memory.map(ALTASubleq.encode), layers: .untilHalt(maxLayers: cap), trace: false)
            let outcome = Outcome(memory: run.output.map { ALTASubleq.decode($0?.intValue ?? -100) },
                                  layers: run.layersRun, halted: run.halted)
            #expect(outcome == expected, "memory \(memory)")
            if expected.halted { halted += 1 }
        }
        // The sample exercises both halting and looping programs.
        #expect(halted > 20 && halted < 80)
    }

    @Test func addProgramFromTheReference() throws {
        // ALTA-EXAMPLES §3.5: mem[10] += mem[9] through the zero cell 11; 9 layers.
        let entry = try ALTALibrary.entry(named: "subleq")
        let (output, run) = try entry.run("9 11 3 11 10 6 11 11 -1 5 10 0", trace: true)
        #expect(output == "9 11 3 11 10 6 11 11 -1 5 15 0 0 0 0 0")
        #expect(run.layersRun == 9)
        #expect(afterEachLayer(run, "state").map { $0[0] } == ints([1, 2, 0, 1, 2, 0, 1, 2, 3]))
        #expect(afterEachLayer(run, "mem").map { $0[11].map { ALTASubleq.decode($0.intValue ?? 0) } } ==
            [0, -5, -5, -5, -5, -5, -5, 0, 0])
        #expect(afterEachLayer(run, "position_a").map { $0[0] } == ints([16, 16, 19, 19, 19, 22, 22, 22, 22]))
    }

    @Test func shortProgramsHaltAsTheReferenceSays() throws {
        let entry = try ALTALibrary.entry(named: "subleq")
        let program = try entry.program()
        let (single, run1) = try entry.run("3 3 -1 7", program: program)
        #expect(single.hasPrefix("3 3 -1 0"))
        #expect(run1.layersRun == 3)
        let (_, run2) = try entry.run("3 -2 0", program: program)
        #expect(run2.layersRun == 1)
        #expect(run2.halted)
    }

    @Test func jumpTargetIsFetchedBeforeTheWrite() throws {
        // The instruction 5, 2, 2 overwrites its own c (cell 2) with 2 − 4 = −2 and jumps; the
        // target is the c fetched with the instruction (2), whose new a (−2) is invalid: halt at
        // the fetch, layer 4. Reading c after the write (the original) would halt at layer 3.
        let memory = [5, 2, 2, 0, 0, 4] + [Int](repeating: 0, count: 10)
        let run = try ALTAInterpreter(program: try ALTASubleq.program())
            .run(memory.map(ALTASubleq.encode), layers: .untilHalt(maxLayers: 20))
        #expect(run.layersRun == 4)
        #expect(Self.emulate(memory, cap: 20).layers == 4)
        #expect(run.output[2] == .int(ALTASubleq.encode(-2)))
    }

    @Test func encodingErrors() {
        // Cells hold -16…15; the list of allowed values is cut after 20.
        expectError(ALTAExampleError.invalidInput(program: "subleq", input: "17 0 0", reason: "'17' at position 0 is not one of -16 -15 -14 -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1 0 1 2 3 …"),
                    message: "subleq: cannot encode input '17 0 0': '17' at position 0 is not one of -16 -15 -14 -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1 0 1 2 3 …") {
            try ALTASubleq.encodeInput("17 0 0")
        }
        expectError(ALTAExampleError.invalidInput(program: "subleq", input: "a b", reason: "'a' at position 0 is not one of -16 -15 -14 -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1 0 1 2 3 …"),
                    message: "subleq: cannot encode input 'a b': 'a' at position 0 is not one of -16 -15 -14 -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1 0 1 2 3 …") {
            try ALTASubleq.encodeInput("a b")
        }
        let seventeen = Array(repeating: "0", count: 17).joined(separator: " ")
        expectError(ALTAExampleError.invalidInput(program: "subleq", input: seventeen, reason: "17 pieces given, at most 16 fit"),
                    message: "subleq: cannot encode input '\(seventeen)': 17 pieces given, at most 16 fit") {
            try ALTASubleq.encodeInput(seventeen)
        }
        expectError(ALTAExampleError.invalidInput(program: "subleq", input: "", reason: "the input is empty"),
                    message: "subleq: cannot encode input '': the input is empty") {
            try ALTASubleq.encodeInput("")
        }
    }
}
