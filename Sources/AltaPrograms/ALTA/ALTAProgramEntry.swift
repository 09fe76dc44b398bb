import ALTA

/// One program of the ALTA example library: how to build it (lazily), how to turn a user
/// input into its tokens and its output back into text, and how many layers to run.
public struct ALTAProgramEntry: Sendable {
    /// Registry name (e.g. `sparse_parity_sequential_relative`).
    public let name: String
    /// One-line description.
    public let summary: String
    /// What a user input looks like (e.g. "a bit string such as 10110").
    public let inputDescription: String
    /// Inputs to try by default.
    public let exampleInputs: [String]
    /// The fewest input tokens any valid input encodes to (e.g. SCAN's one-word command with
    /// its start, memory and end tokens); a model compiled for fewer positions fits no input.
    public let minimumTokenCount: Int

    private let build: @Sendable () throws -> ALTAProgram
    private let encoder: @Sendable (String) throws -> [Int]
    private let decoder: @Sendable ([ALTAValue?]) throws -> String
    private let limit: @Sendable (Int) -> ALTALayerLimit

    /// An entry.
    ///
    /// - Parameters:
    ///   - minimumTokenCount: the fewest tokens a valid input encodes to.
    ///   - layerLimit: the layers to run for an input of this many tokens.
    ///   - program: builds the program (called on each `program()`, never eagerly).
    ///   - encode: user text → input tokens (throws `ALTAExampleError.invalidInput`).
    ///   - decode: output variable per position → result text.
    public init(
        name: String, summary: String, inputDescription: String, exampleInputs: [String],
        minimumTokenCount: Int = 1,
        layerLimit: @escaping @Sendable (Int) -> ALTALayerLimit,
        program: @escaping @Sendable () throws -> ALTAProgram,
        encode: @escaping @Sendable (String) throws -> [Int],
        decode: @escaping @Sendable ([ALTAValue?]) throws -> String
    ) {
        self.name = name
        self.summary = summary
        self.inputDescription = inputDescription
        self.exampleInputs = exampleInputs
        self.minimumTokenCount = minimumTokenCount
        self.build = program
        self.encoder = encode
        self.decoder = decode
        self.limit = layerLimit
    }

    /// Builds the program.
    public func program() throws -> ALTAProgram { try build() }

    /// The input tokens for a user input.
    public func encode(_ input: String) throws -> [Int] { try encoder(input) }

    /// The result text for the output variable's values.
    public func decode(_ output: [ALTAValue?]) throws -> String { try decoder(output) }

    /// The layer limit for an input of `tokenCount` tokens.
    public func layerLimit(forTokenCount tokenCount: Int) -> ALTALayerLimit { limit(tokenCount) }

    /// Whether the program runs a fixed number of layers (no halting rule, e.g.
    /// `sort_unique`'s two) for an input of `tokenCount` tokens, rather than until it halts.
    public func isFixedDepth(forTokenCount tokenCount: Int) -> Bool {
        if case .exactly = limit(tokenCount) { return true }
        return false
    }

    /// Encodes `input`, runs the interpreter (on `program`, or a freshly built one) with the
    /// entry's layer limit, and decodes the output.
    public func run(_ input: String, program: ALTAProgram? = nil, trace: Bool = false) throws -> (output: String, run: ALTARun) {
        let tokens = try encode(input)
        let interpreter = ALTAInterpreter(program: try program ?? self.program())
        let run = try interpreter.run(tokens, layers: layerLimit(forTokenCount: tokens.count), trace: trace)
        return (try decode(run.output), run)
    }
}
