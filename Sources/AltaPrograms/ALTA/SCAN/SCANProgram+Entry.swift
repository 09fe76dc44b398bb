import ALTA

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
        layerLimit: { _ in .untilHalt(maxLayers: 512) },
        program: { try SCANProgram.make() },
        encode: { text in
            do {
                let words = try SCANWord.parse(text)
                let tokens = try SCANProgram.encode(words)
                // Only commands of SCAN's grammar: the grammar names the offending word, and
                // the program's own shift-reduce parse must accept the command too.
                _ = try SCANSemantics.interpret(words)
                _ = try SCANParseTree.parse(words)
                return tokens
            } catch SCANError.notInGrammar(_, let reason) {
                throw ALTAExampleError.invalidInput(program: name, input: text, reason: "not a SCAN command: \(reason)")
            } catch {
                throw ALTAExampleError.invalidInput(program: name, input: text, reason: "\(error)")
            }
        },
        decode: { outputs in
            do {
                return try SCANProgram.decode(outputs: outputs).actionText
            } catch {
                throw ALTAExampleError.invalidOutput(program: name, reason: "\(error)")
            }
        })
}
