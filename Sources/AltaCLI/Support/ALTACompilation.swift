import ALTA
import ALTACompiler
import AltaPrograms
import AltaTransformer

/// Compiling and running ALTA library programs from the command line.
enum ALTACompilation {
    /// Compiles `entry` for inputs of up to `maxLength` positions (default: the program's
    /// position table, or the longest example input).
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
        let options = ALTACompilerOptions(maxLayers: max(1, entry.layerLimit(forTokenCount: length).maxLayers))
        do {
            return try ALTATransformerCompiler.compile(program, maxLength: length, options: options)
        } catch {
            throw CLIError("cannot compile \(entry.name): \(error)")
        }
    }

    /// The model's input tokens for a user input.
    static func tokens(_ entry: ALTAProgramEntry, _ input: String) throws -> [String] {
        do {
            return try entry.encode(input).map(String.init)
        } catch {
            throw CLIError("\(entry.name): \(error)")
        }
    }

    /// Runs `inputs` through the compiled weights and prints (or returns as JSON) the
    /// decoded results, layer counts and halting.
    static func run(_ entry: ALTAProgramEntry, _ compiled: ALTACompiledProgram, inputs: [String], json: Bool) throws {
        var results: [[String: Any]] = []
        for input in inputs {
            let tokens = try tokens(entry, input)
            let output: String
            let result: ForwardResult
            do {
                result = try compiled.model.run([tokens])
                output = try entry.decode(try compiled.outputs(of: result.finalResidual(of: 0)))
            } catch {
                throw CLIError("\(entry.name) on '\(input)': \(error)")
            }
            results.append(["input": input, "tokens": tokens, "output": output,
                            "layers_run": result.layersRun[0], "halted": result.halted[0]])
            if !json {
                print("input:  \(input)")
                print("output: \(output)  (\(result.layersRun[0]) layers, \(result.halted[0] ? "halted" : "cap reached"))")
            }
        }
        if json { try JSONOutput.print(["results": results]) }
    }
}
