import ALTACompiler
import AltaTraining
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta evaluate-mlp PROGRAM --checkpoint DIR`: the compiled model with a learned MLP in
/// place of the compiled one, run on random inputs longer than the training inputs.
struct EvaluateMLPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-mlp",
        abstract: "Run a compiled ALTA program with a learned MLP (from `alta train --subtract-residual`) and print its accuracy per input length.",
        discussion: """
            The compiled embeddings and attention with the checkpoint's MLP as every layer's \
            MLP, run to halting or the layer cap on --samples random inputs of each length, \
            compared with the interpreter. -o exports that model (the learned MLP as its MLP \
            weights) with accuracy.svg and accuracy.json; --svg writes only the plot.
            """)

    @Argument(help: "An ALTA library program with random inputs per length (parity programs, addition).")
    var program: String

    @Option(help: "A folder written by `alta train`, or its mlp.safetensors.")
    var checkpoint: String

    @Option(help: "Comma-separated input lengths.") var lengths: String = "8,16,32,64"
    @Option(help: "Random inputs per length.") var samples: Int = 20
    @Option(help: "Seed of the random inputs.") var seed: UInt64 = 0
    @Option(help: "Layer cap (default: the program's limit for each input).") var maxLayers: Int?
    @Flag(help: "Print the table as JSON.") var json = false
    @Option(help: "A folder to write the accuracy plot (accuracy.svg) into.") var svg: String?
    @Option(name: [.short, .customLong("output")], help: "Export the model with its learned MLP to this folder.")
    var output: String?

    func validate() throws {
        try OptionRange.check(samples, "--samples", in: 1...100_000)
        try OptionRange.check(maxLayers, "--max-layers", in: 1...100_000)
        _ = try Self.lengths(lengths)
    }

    static func lengths(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count else {
            throw ValidationError("--lengths must be comma-separated numbers such as 8,16,32, got '\(text)'")
        }
        for value in values { try OptionRange.check(value, "--lengths", in: 1...4_096) }
        return values
    }

    func run() throws {
        let entry = try ProgramLookup.alta(program)
        let lengths = try Self.lengths(lengths)
        guard LengthInputs.supports(entry) else { throw CLIError(LengthInputs.unsupportedReason(entry)) }
        let (path, bytes) = try CheckpointFile.read(checkpoint)
        let longestInput: [String]
        do { longestInput = try LengthInputs.random(for: entry, length: lengths.max() ?? 1, count: 1, seed: 0) } catch { throw CLIError("\(error)") }
        let longest = try ALTACompilation.tokens(entry, longestInput.first ?? "0").count
        let compiled = try ALTACompilation.compile(entry, maxLength: max(longest, entry.minimumTokenCount))
        let learned: LearnedMLPModel
        let table: [LengthAccuracy]
        learned = try LearnedMLPModel(entry: entry, compiled: compiled, checkpoint: bytes, path: path)
        table = try ProgressReporter.during("running \(entry.name) with the learned MLP") {
            try learned.accuracy(perLength: lengths, samples: samples, seed: seed, maxLayers: maxLayers)
        }
        let plot = AccuracyPlot.svg(points: table.map { ($0.length, $0.accuracy) },
                                    title: "\(entry.name) with the learned MLP \(learned.mlp.sizes.map(String.init).joined(separator: "→")), \(samples) inputs per length")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tableJSON = try encoder.encode(table)
        if let svg { try OutputFolder.writePictures(["accuracy.svg": Data(plot.utf8)], to: svg) }
        if let output {
            // Reference outputs on the example inputs the model holds.
            let examples = entry.exampleInputs.compactMap { try? entry.tokens($0) }.filter { $0.count <= compiled.model.maxSequenceLength }
            try OutputFolder.export(learned.substituted, name: "\(entry.name)-learned-mlp", samples: examples,
                                    to: output, extraFiles: ["accuracy.svg": Data(plot.utf8), "accuracy.json": tableJSON])
        }
        if json {
            try JSONOutput.print(table.map { ["length": $0.length, "samples": $0.samples, "correct": $0.correct, "accuracy": $0.accuracy] as [String: Any] })
        } else {
            var rows = [["length", "correct", "accuracy"]]
            for row in table { rows.append([String(row.length), "\(row.correct)/\(row.samples)", String(format: "%.2f", row.accuracy)]) }
            print(TextTable.render(rows), terminator: "")
        }
    }
}
