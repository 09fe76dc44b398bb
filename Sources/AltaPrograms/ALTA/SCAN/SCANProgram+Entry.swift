import ALTA
import AltaTransformer

extension SCANProgram {
    /// The `scan` entry of the ALTA example library: input is a SCAN command (up to 9
    /// words), output the action sequence; runs until DONE (at most 512 layers; SCAN needs
    /// 19–408).
    public static let entry = ALTAProgramEntry(
        name: name,
        summary: "SCAN: shift-reduce parse of a command with the 20-rule QCFG into an in-sequence stack and tree, then a tree walk writing the actions (19-408 layers)",
        inputDescription: "a SCAN command of at most 9 words, such as 'jump twice after walk left'",
        exampleInputs: [
            "jump twice", "jump twice after walk", "look right and turn opposite right twice",
            "walk around left",
        ],
        layerLimit: { _ in .untilHalt(maxLayers: 512) },
        program: { try SCANProgram.make() },
        inputTokens: (0..<SCANInputToken.count).map { SCANInputToken(id: $0)?.description ?? String($0) },
        encoding: textEncoding)

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
