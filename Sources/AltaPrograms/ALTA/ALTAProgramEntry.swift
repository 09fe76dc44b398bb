import ALTA
import AltaTransformer
import Synchronization

/// One program of the ALTA example library: how to build it (lazily), its input tokens and
/// output values by name, the text encoding that turns a user input into those tokens and
/// the output back into text, and how many layers to run.
///
/// The encoding is data (`TextEncoding`), not code: a compiled model carries it into its
/// export, so `alta run FOLDER` reads and prints exactly what `alta run NAME` does.
public struct ALTAProgramEntry: Sendable {
    /// Registry name (e.g. `sparse_parity_sequential_relative`).
    public let name: String
    /// One-line description.
    public let summary: String
    /// What a user input looks like (e.g. "a bit string such as 10110").
    public let inputDescription: String
    /// Inputs to try by default.
    public let exampleInputs: [String]
    /// The name of each input token id, in id order (e.g. `0`…`9`, `START`, `+`, `END`).
    public let inputTokens: [String]
    /// The name of each value of the output variable, in value order; `nil` names each
    /// value by its number.
    public let outputValues: [String]?
    /// User text ↔ tokens and output values.
    public let encoding: TextEncoding
    /// The fewest input tokens any valid input encodes to (e.g. SCAN's one-word command with
    /// its start, memory and end tokens); a model compiled for fewer positions fits no input.
    public let minimumTokenCount: Int
    /// The kind of input, which decides how input sets are generated for the program; nil
    /// for a program read from a file.
    public let inputFamily: ALTAInputFamily?
    /// How to draw random inputs; nil when there is no generator (SCAN's inputs come from
    /// its data set; a program read from a file has none).
    public let randomInputs: ALTARandomInputs?

    private let built: BuiltOnce
    private let check: (@Sendable (String) throws -> Void)?
    private let limit: @Sendable (Int) -> ALTALayerLimit

    /// An entry.
    ///
    /// - Parameters:
    ///   - minimumTokenCount: the fewest tokens a valid input encodes to.
    ///   - inputFamily: the kind of input (how input sets are generated).
    ///   - randomInputs: how to draw random inputs.
    ///   - layerLimit: the layers to run for an input of this many tokens.
    ///   - program: builds the program (called by the first `program()`, never eagerly).
    ///   - inputTokens: the name of each input token id; `encoding` produces these names.
    ///   - outputValues: the name of each output value (default: its number).
    ///   - encoding: user text → input token names, output value names → result text.
    ///   - check: validation beyond what the encoding states (e.g. SCAN's grammar), run
    ///     before encoding; it throws `ALTAExampleError.invalidInput`. An exported model
    ///     carries only the encoding, not this check.
    public init(
        name: String, summary: String, inputDescription: String, exampleInputs: [String],
        minimumTokenCount: Int = 1, inputFamily: ALTAInputFamily? = nil, randomInputs: ALTARandomInputs? = nil,
        layerLimit: @escaping @Sendable (Int) -> ALTALayerLimit,
        program: @escaping @Sendable () throws -> ALTAProgram,
        inputTokens: [String], outputValues: [String]? = nil, encoding: TextEncoding,
        check: (@Sendable (String) throws -> Void)? = nil
    ) {
        self.name = name
        self.summary = summary
        self.inputDescription = inputDescription
        self.exampleInputs = exampleInputs
        self.minimumTokenCount = minimumTokenCount
        self.inputFamily = inputFamily
        self.randomInputs = randomInputs
        built = BuiltOnce(program)
        self.limit = layerLimit
        self.inputTokens = inputTokens
        self.outputValues = outputValues
        self.encoding = encoding
        self.check = check
    }

    /// The program, built by the first call and kept for the process (copies of the entry
    /// share it): generating and minimising a large rule set, such as sort_unique's, takes a
    /// second. A build that throws throws the same error on every call.
    public func program() throws -> ALTAProgram { try built.program() }

    /// The input token names for a user input (throws `ALTAExampleError.invalidInput`).
    public func tokens(_ input: String) throws -> [String] {
        try check?(input)
        do {
            return try encoding.input.tokens(for: input)
        } catch {
            throw ALTAExampleError.invalidInput(program: name, input: input, reason: "\(error)")
        }
    }

    /// The input token ids for a user input (throws `ALTAExampleError.invalidInput`).
    public func encode(_ input: String) throws -> [Int] {
        try tokens(input).map { token in
            guard let id = inputTokens.firstIndex(of: token) else {
                throw ALTAExampleError.invalidInput(program: name, input: input, reason: "the encoding produced '\(token)', which is not an input token of the program")
            }
            return id
        }
    }

    /// The output value (as the compiled model names it) of an interpreter value.
    public func outputValue(_ value: ALTAValue?) -> OutputValue {
        switch value {
        case nil: return .null
        case .int(let v)?:
            if let outputValues, outputValues.indices.contains(v) { return .category(outputValues[v]) }
            return .category(String(v))
        case .number(let x)?: return .number(Float(x))
        case .set(let s)?: return .category(ALTAValue.set(s).description)
        }
    }

    /// The result text for the output variable's values (throws
    /// `ALTAExampleError.invalidOutput`).
    public func decode(_ output: [ALTAValue?]) throws -> String {
        do {
            return try encoding.output.text(of: output.map(outputValue))
        } catch {
            throw ALTAExampleError.invalidOutput(program: name, reason: "\(error)")
        }
    }

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

/// An entry's program, built at most once; a caller that arrives during the build waits for it.
private final class BuiltOnce: Sendable {
    private let build: @Sendable () throws -> ALTAProgram
    private let result = Mutex<Result<ALTAProgram, any Error>?>(nil)

    init(_ build: @escaping @Sendable () throws -> ALTAProgram) { self.build = build }

    func program() throws -> ALTAProgram {
        try result.withLock { result in
            if let result { return try result.get() }
            let built = Result { try build() }
            result = built
            return try built.get()
        }
    }
}
