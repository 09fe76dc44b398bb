import ALTA
import ALTACompiler
import AltaPrograms
import AltaTransformer

/// Compiling ALTA library programs from the command line.
enum ALTACompilation {
    /// Compiles `entry` for inputs of up to `maxLength` positions (default: the program's
    /// position table, or the longest example input). The model carries the entry's token
    /// names, output value names and text encoding, so it reads and prints text exactly as
    /// the entry does, also after export.
    static func compile(_ entry: ALTAProgramEntry, maxLength: Int?) throws -> ALTACompiledProgram {
        let program: ALTAProgram
        do {
            program = try entry.program()
        } catch {
            throw CLIError("cannot build \(entry.name): \(error)")
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
            return try ALTATransformerCompiler.compile(program, maxLength: length, options: options)
        } catch {
            throw CLIError("cannot compile \(entry.name): \(error)")
        }
    }
}
