import ALTA
import AltaTransformer

extension SCANProgram {
    /// The `scan` entry of the ALTA example library: input is a SCAN command (up to 9
    /// words of SCAN's grammar; anything else is refused naming the word), output the
    /// action sequence; runs until DONE (at most 512 layers; SCAN needs
    /// 19–408).
    public static let entry = ALTAProgramEntry(
        name: name,
        summary: "SCAN: shift-reduce parse of a command with the 20-rule QCFG into an in-sequence stack and tree, then a tree walk writing the actions (19-408 layers)",
        inputDescription: "a SCAN command of at most 9 words, such as 'jump twice after walk left'",
        exampleInputs: [
            "jump twice", "jump twice after walk", "look right and turn opposite right twice",
            "walk around left",
        ],
        // A one-word command: start, memory, the word, end of sequence.
        minimumTokenCount: SCANLayout.memoryLength + 3,
        inputFamily: .scan,
        layerLimit: { _ in .untilHalt(maxLayers: 512) },
        program: { try SCANProgram.make() },
        inputTokens: (0..<SCANInputToken.count).map { SCANInputToken(id: $0)?.description ?? String($0) },
        encoding: textEncoding,
        check: { text in
            // Only commands of SCAN's grammar: the grammar names the offending word, and
            // the program's own shift-reduce parse must accept the command too.
            do {
                let words = try SCANWord.parse(text)
                _ = try SCANProgram.encode(words)
                _ = try SCANSemantics.interpret(words)
                _ = try SCANParseTree.parse(words)
            } catch SCANError.notInGrammar(_, let reason) {
                throw ALTAExampleError.invalidInput(program: name, input: text, reason: "not a SCAN command: \(reason)")
            } catch {
                throw ALTAExampleError.invalidInput(program: name, input: text, reason: "\(error)")
            }
        })

    /// The text interface: words separated by whitespace (at most 9), framed as
    /// `start memory×67 words… eos`; the result is every action symbol of the output, in
    /// order (empty slots and nulls left out), space-separated.
    public static let textEncoding = TextEncoding(
        input: InputTextEncoding(
            split: .whitespace, pieces: SCANWord.allCases.map(\.rawValue),
            prefix: [SCANInputToken.start.description]
                + Array(repeating: SCANInputToken.memory.description, count: SCANLayout.memoryLength),
            suffix: [SCANInputToken.eos.description], maxPieces: SCANLayout.maxInputLength),
        output: OutputTextDecoding(
            values: Dictionary(uniqueKeysWithValues: SCANAction.allCases.map { (String($0.symbolID), $0.rawValue) }),
            omit: ["0"], nulls: .omit))
}
