import ALTA
import AltaPrograms
import AltaTransformer
import ArgumentParser
import Foundation
import RASP

/// `alta demo`: Alta's main job end to end on two built-in programs.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Compile a RASP and an ALTA program to weights, run them, check them against the reference semantics and export them.",
        discussion: """
            RASP `sort_unique` becomes a stacked transformer, ALTA `addition` a looped one that \
            halts by itself. Both are run through their weights on sample inputs, compared with \
            the RASP evaluator and the ALTA interpreter, and exported (safetensors + config.json \
            + reference outputs) with SVG pictures of the residual stream and attention.
            """)

    @Option(name: [.short, .customLong("output")], help: "Folder for the exported models and pictures (each goes in a subfolder: a new or empty folder, or an earlier Alta export, replaced).")
    var output = "out/demo"

    func run() throws {
        _ = try OutputFolder.url(output, option: "--output")
        try rasp()
        print()
        try alta()
        print("\nexported to \(output)/ (open the .svg files in a browser; `alta inspect \(output)/sort_unique` for sizes)")
    }

    private func rasp() throws {
        guard let entry = RASPLibrary.entry(named: "sort_unique") else { throw CLIError("sort_unique is missing from the library") }
        let compiled = try CompileOptions.compileRASP(entry)
        let model = compiled.model
        print("RASP sort_unique → stacked transformer: \(Plural.count(model.layers.count, "layer")), d_model \(model.dModel), \(model.nonZeroCount) non-zero weights")
        let inputs: [[Value]] = [[3, 1, 5, 2], [4, 2, 5, 1, 3], [2]]
        let (outputs, result) = try compiled.run(inputs, trace: true)
        for (input, got) in zip(inputs, outputs) {
            let want = try entry.evaluate(input)
            let text = { (v: [Value?]) in v.map { $0?.description ?? "-" }.joined(separator: " ") }
            print("  \(text(input)) → weights: \(text(got))   evaluator: \(text(want))   \(got == want ? "✓" : "✗ differs")")
        }
        let folder = (output as NSString).appendingPathComponent("sort_unique")
        let tokens = inputs.map(compiled.tokens(for:))
        // The pictures of the first input go into the export folder, written with it.
        let pictures = RunCommand.pictureFiles(model, [tokens[0]], result)
        try OutputFolder.export(model, name: "sort_unique", samples: tokens, to: folder, extraFiles: pictures)
    }

    private func alta() throws {
        let entry = try ProgramLookup.alta("addition")
        let compiled = try ALTACompilation.compile(entry, maxLength: nil)
        let model = compiled.model
        print("ALTA addition → looped transformer: one shared layer, d_model \(model.dModel), \(model.nonZeroCount) non-zero weights (sparse)")
        var samples: [[String]] = []
        for input in ["12+34", "999+1", "4096+8192"] {
            let tokens = try model.tokens(forText: input)
            samples.append(tokens)
            let result = try model.run([tokens])
            let got = try model.text(of: result.outputs(of: 0))
            let want = try entry.run(input).output
            print("  \(input) → weights: \(got) after \(Plural.count(result.layersRun[0], "layer")) (halted: \(result.halted[0]))   interpreter: \(want)   \(got == want ? "✓" : "✗ differs")")
        }
        try OutputFolder.export(model, name: "addition", samples: samples, to: (output as NSString).appendingPathComponent("addition"))
    }
}
