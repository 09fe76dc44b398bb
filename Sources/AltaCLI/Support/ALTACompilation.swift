import ALTA
import ALTACompiler
import AltaPrograms
import AltaTransformer

/// Compiling ALTA library programs from the command line, and the messages of running them.
enum ALTACompilation {
    /// Compiles `entry` for inputs of up to `maxLength` positions (default: the program's
    /// position table, or the longest example input). The model carries the entry's token
    /// names, output value names and text encoding, so it reads and prints text exactly as
    /// the entry does, also after export.
    static func compile(_ entry: ALTAProgramEntry, maxLength: Int?) throws -> ALTACompiledProgram {
        if let maxLength, maxLength < entry.minimumTokenCount {
            throw CLIError("--max-len \(maxLength) is too short for \(entry.name): its shortest input takes "
                + "\(Plural.count(entry.minimumTokenCount, "token")) (use --max-len \(entry.minimumTokenCount) or more)")
        }
        let program: ALTAProgram
        do {
            program = try entry.program()
        } catch {
            throw CLIError("cannot build \(entry.name): \(error)", cause: error)
        }
        let fallback = program.positionRange == nil
            ? max(64, try entry.exampleInputs.map { try entry.encode($0).count }.max() ?? 1)
            : nil
        guard let length = maxLength ?? fallback ?? program.positionRange else {
            throw CLIError("\(entry.name) needs --max-len")
        }
        // The model's loop cap is the entry's layer budget for the longest input: programs
        // without halting (e.g. sort_unique's two layers) run exactly that many.
        let options = ALTACompilerOptions(
            maxLayers: max(1, entry.layerLimit(forTokenCount: length).maxLayers),
            tokens: entry.inputTokens, outputValues: entry.outputValues, textEncoding: entry.encoding)
        do {
            return try ProgressReporter.during("compiling \(entry.name)") {
                try ALTATransformerCompiler.compile(program, maxLength: length, options: options)
            }
        } catch {
            throw CLIError("cannot compile \(entry.name): \(error)", cause: error)
        }
    }

    /// The input tokens, by name, for a user input (the entry's check, then its encoding).
    static func tokens(_ entry: ALTAProgramEntry, _ input: String) throws -> [String] {
        do {
            return try entry.tokens(input)
        } catch {
            throw failure(error, entry, input)
        }
    }

    /// `error` of running `entry` on `input` as a command-line error, prefixed with the
    /// program and input unless the library's message already names them.
    static func failure(_ error: any Error, _ entry: ALTAProgramEntry, _ input: String) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as ALTAExampleError: return CLIError("\(error)", cause: error)
        default: return CLIError("\(entry.name) on '\(input)': \(error)", cause: error)
        }
    }

    /// How a run ended, for the output line: "5 layers, halted", "2 layers, fixed depth" or
    /// "512 layers, did not halt".
    static func ending(layers: Int, halted: Bool, fixedDepth: Bool) -> String {
        Plural.count(layers, "layer") + (fixedDepth ? ", fixed depth" : halted ? ", halted" : ", did not halt")
    }

    /// The error for runs that reached the layer cap without halting (`nil` when none did).
    static func capError(_ entry: ALTAProgramEntry, notHalted inputs: [String], cap: Int) -> CLIError? {
        guard let first = inputs.first else { return nil }
        let which = inputs.count == 1 ? "'\(first)'" : "\(Plural.count(inputs.count, "input")) (first '\(first)')"
        return CLIError("\(entry.name) on \(which) reached the cap of \(Plural.count(cap, "layer")) without halting")
    }
}
