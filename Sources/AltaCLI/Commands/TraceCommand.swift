import ALTA
import AltaPrograms
import ArgumentParser

/// `alta trace NAME --input …`: the interpreter's per-layer table of variables.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run an ALTA program in the interpreter and print every variable at every layer.",
        discussion: """
            Columns: Element (position), Variable, Input (initial state), then L<n>a (after \
            layer n's attention) and L<n>b (after its MLP); `-` is null. --rules adds the \
            rules that fired at each layer and position.
            """)

    @Argument(help: "An ALTA library program name (see `alta list`).")
    var name: String

    @Option(parsing: .unconditional, help: "The input, as the program describes it (e.g. 10110).")
    var input: String

    @Option(help: "Only these positions (comma-separated).")
    var positions: String?

    @Option(help: "Only these variables (comma-separated).")
    var variables: String?

    @Flag(help: "Also list the rules that fired.")
    var rules = false

    @Flag(help: "Comma-separated values instead of aligned columns.")
    var csv = false

    @Flag(help: "Print machine-readable JSON (the table as rows).")
    var json = false

    func run() throws {
        let entry = try ProgramLookup.alta(name)
        let positionList: [Int]? = try positions.map { list in
            try list.split(separator: ",").map { item in
                guard let p = Int(item.trimmingCharacters(in: .whitespaces)), p >= 0 else {
                    throw CLIError("--positions: '\(item)' is not a position")
                }
                return p
            }
        }
        let variableList = variables.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let tokens = try ALTACompilation.tokens(entry, input)
        let fixedDepth = entry.isFixedDepth(forTokenCount: tokens.count)
        let output: String
        let run: ALTARun
        let rows: [[String]]
        do {
            (output, run) = try entry.run(input, trace: true)
            guard let trace = run.trace else { throw CLIError("the interpreter returned no trace") }
            rows = try trace.tableRows(positions: positionList, variables: variableList)
            if json {
                try JSONOutput.print(["input": input, "output": output, "layers_run": run.layersRun, "halted": run.halted,
                                      "fixed_depth": fixedDepth, "table": rows])
            } else {
                print(csv ? rows.map { $0.joined(separator: ",") }.joined(separator: "\n") : TextTable.render(rows), terminator: csv ? "\n" : "")
                if rules { print(try trace.firedRulesText(positions: positionList)) }
                print("output: \(output)  (\(ALTACompilation.ending(layers: run.layersRun, halted: run.halted, fixedDepth: fixedDepth)))")
            }
        } catch {
            throw ALTACompilation.failure(error, entry, input)
        }
        if !fixedDepth && !run.halted, let error = ALTACompilation.capError(entry, notHalted: [input], cap: run.layersRun) {
            throw error
        }
    }
}
