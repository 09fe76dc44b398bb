import ALTA
import AltaTransformer

/// A SUBLEQ computer (ALTA-EXAMPLES.md §3): 16 memory cells, one per position, values
/// −16…16 stored offset by 16 (ids 0…32). Instruction `a, b, c` at cells pc, pc+1, pc+2:
/// `mem[b] −= mem[a]`; if the result is ≤ 0 jump to c (halt if c < 0), else continue at pc + 3.
///
/// Three layers per instruction (fetch/validate, execute, branch) under a global `state`
/// register; halts when `state == DONE` everywhere. Addresses the original leaves undefined
/// are made explicit so that every head always has exactly one match and the program always
/// halts on bad input (instead of stalling as the original does):
/// * the memory always has 16 cells (shorter inputs are padded with zeros);
/// * an operand a or b outside 0…15 halts at fetch (1 layer);
/// * a next pc (jump target or pc + 3) above 13 — an instruction that would not fit in
///   memory — halts at the branch;
/// * `mem[b] − mem[a]` is clamped to −16…16 (the jump test uses the unclamped difference,
///   which has the same sign);
/// * `a_clipped`/`b_clipped` (the queries of `mem_a`/`mem_b`) are clamped to 0…15 and start
///   at cell 0;
/// * the jump target c is latched at fetch (`c_fetched`), as SUBLEQ defines it; the original
///   reads c in the branch layer, after the write, which differs when an instruction
///   overwrites its own c (b = pc + 2).
public enum ALTASubleq {
    /// Number of memory cells (= positions).
    public static let cellCount = 16
    /// Smallest cell value.
    public static let minValue = -16
    /// Largest cell value.
    public static let maxValue = 16
    /// Number of encoded values (vocabulary size).
    public static let valueRange = maxValue - minValue + 1
    /// Largest pc whose instruction fits in memory.
    public static let maxProgramCounter = cellCount - 3

    /// State register values.
    public enum State {
        /// Fetch operands and validate them.
        public static let fetch = 0
        /// Update `mem[b]` and record the jump flag.
        public static let execute = 1
        /// Move the program counter.
        public static let branch = 2
        /// Halted.
        public static let done = 3
    }

    /// Cell value → token id.
    public static func encode(_ value: Int) -> Int { value - minValue }
    /// Token id → cell value.
    public static func decode(_ id: Int) -> Int { id + minValue }

    static func clamp(_ x: Int, _ lo: Int, _ hi: Int) -> Int { min(max(x, lo), hi) }

    /// Whether operand values a, b name memory cells.
    static func validOperands(_ a: Int, _ b: Int) -> Bool {
        (0..<cellCount).contains(a) && (0..<cellCount).contains(b)
    }

    static func schema() throws -> ALTASchema {
        try ALTASchema(
            inputRange: valueRange, positionRange: cellCount,
            variables: [
                .input("mem", range: valueRange),
                .categorical("position", range: valueRange, fromPosition: { encode($0) }),
                .categorical("position_a", range: valueRange, default: encode(0)),
                .categorical("position_b", range: valueRange, default: encode(1)),
                .categorical("position_c", range: valueRange, default: encode(2)),
                .categorical("state", range: 4),
                .categorical("jump", range: 2),
                .categorical("a_clipped", range: valueRange, default: encode(0)),
                .categorical("b_clipped", range: valueRange, default: encode(0)),
                .categorical("c_fetched", range: valueRange, default: encode(0)),
            ],
            heads: [
                .qkv("a", query: "position_a", key: "position", value: "mem"),
                .qkv("b", query: "position_b", key: "position", value: "mem"),
                .qkv("c", query: "position_c", key: "position", value: "mem"),
                .qkv("mem_a", query: "a_clipped", key: "position", value: "mem"),
                .qkv("mem_b", query: "b_clipped", key: "position", value: "mem"),
            ])
    }

    /// The SUBLEQ program. `.rules` is built with `MLPBuilder` like the original's
    /// `build_program_spec_sparse`; `.function` is the same algorithm as a function (with the
    /// clipped queries, since heads run simultaneously).
    public static func program(form: ALTAMLPForm = .rules, name: String = "subleq") throws -> ALTAProgram {
        let schema = try schema()
        let halt = ALTAHalt("state", equals: .int(State.done))
        switch form {
        case .rules:
            let builder = MLPBuilder(schema: schema)
            try addRules(builder)
            return try ALTAProgram(name: name, schema: schema, rules: builder.rules, output: "mem", halt: halt)
        case .function:
            return try ALTAProgram(name: name, schema: schema, function: function, output: "mem", halt: halt)
        case .generated(let minimised):
            return try ALTAProgram(name: name, schema: schema, generatingRulesFrom: function, minimise: minimised,
                                   output: "mem", halt: halt)
        }
    }

    /// Sets the three instruction pointers to pc (encoded).
    private static func jump(_ z: inout ALTAMLPContext, to encodedPC: Int) throws {
        try z.set("position_a", encodedPC)
        try z.set("position_b", encodedPC + 1)
        try z.set("position_c", encodedPC + 2)
    }

    /// The MLP as a function.
    public static let function = ALTAMLPFunction { z in
        let a = decode(try z.int("a"))
        let b = decode(try z.int("b"))
        try z.set("a_clipped", encode(clamp(a, 0, cellCount - 1)))
        try z.set("b_clipped", encode(clamp(b, 0, cellCount - 1)))
        switch try z.int("state") {
        case State.fetch:
            try z.set("c_fetched", try z.int("c"))
            try z.set("state", validOperands(a, b) ? State.execute : State.done)
        case State.execute:
            let memA = decode(try z.int("mem_a"))
            try z.set("jump", decode(try z.int("mem_b")) - memA <= 0 ? 1 : 0)
            if try z.int("position") == z.int("b") {
                try z.set("mem", encode(clamp(decode(try z.int("mem")) - memA, minValue, maxValue)))
            }
            try z.set("state", State.branch)
        case State.branch:
            let target = try z.int("jump") == 1 ? decode(try z.int("c_fetched")) : decode(try z.int("position_a")) + 3
            if (0...maxProgramCounter).contains(target) {
                try jump(&z, to: encode(target))
                try z.set("state", State.fetch)
            } else {
                try z.set("state", State.done)
            }
        default:
            break
        }
    }

    private static func setPointers(_ x: MLPBuilder, pc: Int) throws {
        try x.set("position_a", encode(pc))
        try x.set("position_b", encode(pc) + 1)
        try x.set("position_c", encode(pc) + 2)
    }

    /// The rules.
    static func addRules(_ x: MLPBuilder) throws {
        try x.forEach("a") { a in try x.set("a_clipped", encode(clamp(decode(a), 0, cellCount - 1))) }
        try x.forEach("b") { b in try x.set("b_clipped", encode(clamp(decode(b), 0, cellCount - 1))) }
        try x.forEach("state") { state in
            switch state {
            case State.fetch:
                try x.forEach("c") { c in try x.set("c_fetched", c) }
                try x.forEach("a", "b") { a, b in
                    try x.set("state", validOperands(decode(a), decode(b)) ? State.execute : State.done)
                }
            case State.execute:
                try x.forEach("mem_a", "mem_b") { memA, memB in
                    try x.set("jump", decode(memB) - decode(memA) <= 0 ? 1 : 0)
                }
                try x.forEach("position", "b") { position, b in
                    guard position == b else { return }
                    try x.forEach("mem", "mem_a") { mem, memA in
                        try x.set("mem", encode(clamp(decode(mem) - decode(memA), minValue, maxValue)))
                    }
                }
                try x.set("state", State.branch)
            case State.branch:
                try x.forEach("jump") { jump in
                    if jump == 1 {
                        try x.forEach("c_fetched") { c in
                            let target = decode(c)
                            if (0...maxProgramCounter).contains(target) {
                                try setPointers(x, pc: target)
                                try x.set("state", State.fetch)
                            } else {
                                try x.set("state", State.done)
                            }
                        }
                    } else {
                        try x.forEach("position_a") { positionA in
                            let target = decode(positionA) + 3
                            if (0...maxProgramCounter).contains(target) {
                                try setPointers(x, pc: target)
                                try x.set("state", State.fetch)
                            } else {
                                try x.set("state", State.done)
                            }
                        }
                    }
                }
            default:
                break
            }
        }
    }

    // MARK: input and output

    /// The name of each token id (and each memory value): the cell values -16…16.
    public static let tokenNames = (minValue...maxValue).map(String.init)

    /// The text interface: up to 16 cell values separated by spaces or commas, the rest of
    /// the memory zero; the result is every cell after the run, space-separated.
    public static let textEncoding = TextEncoding(
        input: InputTextEncoding(
            split: .whitespace, skipped: ",", pieces: tokenNames,
            padding: .init(length: cellCount, piece: "0"), maxPieces: cellCount),
        output: OutputTextDecoding(nulls: .reject))

    /// Encodes a memory text into tokens (the library entry's encoding).
    public static func encodeInput(_ text: String) throws -> [Int] {
        try ALTALibrary.subleq.encode(text)
    }

    /// The memory after the run (the library entry's decoding).
    public static func decodeOutput(_ output: [ALTAValue?]) throws -> String {
        try ALTALibrary.subleq.decode(output)
    }
}
