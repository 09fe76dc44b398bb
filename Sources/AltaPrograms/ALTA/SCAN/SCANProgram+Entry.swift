import ALTA

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
        encode: { text in
            do {
                return try SCANProgram.encode(command: text)
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
