import Foundation
import RASP
import RASPText

/// The state of `alta repl`: the statements accepted so far (read again as one `.rasp` program
/// through the same front end after every chunk) and the example input their values are shown
/// for. Each ``enter(_:)`` returns the text to print.
struct RASPSession {
    /// The source of the statements accepted so far.
    private(set) var source = ""
    /// Lines of a statement not complete yet (no final `;` or `}`, or a `{` not closed).
    private(set) var pending: [String] = []
    /// The example input, as words (`set example`).
    private(set) var example: [String]?
    /// Where `load` looks for files.
    let directory: String
    /// The s-ops and selectors defined so far.
    private var defined: [String] = []
    /// How many statements and commands failed.
    private(set) var failures = 0

    /// The file name diagnostics use.
    static let fileName = "<input>"
    /// A statement after the user's so that a session of only `def`s and selectors still
    /// has an output s-op; its name is hidden.
    private static let seed = "\n_repl_seed = tokens;\n"

    init(directory: String) {
        self.directory = directory
    }

    /// Whether a statement is waiting for more lines.
    var isContinuing: Bool { !pending.isEmpty }

    /// Reads one input line: a command (`set example …`), a line of a statement, or the last
    /// line of one, which is then checked with everything before it; returns what to print.
    mutating func enter(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        // Every input line is a line of `source` (blank when it is not a statement), so
        // diagnostics give the line numbers of the input.
        if pending.isEmpty, trimmed.hasPrefix("set example") {
            source += "\n"
            return setExample(String(trimmed.dropFirst("set example".count)))
        }
        if pending.isEmpty, trimmed.isEmpty || trimmed.hasPrefix("#") && !trimmed.hasPrefix("#@") {
            source += "\n"
            return ""
        }
        pending.append(line)
        let chunk = pending.joined(separator: "\n")
        let open = chunk.filter { $0 == "{" }.count - chunk.filter { $0 == "}" }.count
        guard open <= 0, trimmed.hasSuffix(";") || trimmed.hasSuffix("}") else { return "" }
        let candidate = source + chunk + "\n"
        let program: RASPTextProgram
        do {
            program = try RASPTextProgram(source: candidate + Self.seed, fileName: Self.fileName, directory: directory)
        } catch {
            failures += 1
            source += String(repeating: "\n", count: pending.count)
            pending = []
            return error.description + "\n"
        }
        pending = []
        source = candidate
        // The names the chunk assigns, then those it brought in otherwise (`load`).
        let assigned = Self.assignedNames(in: chunk)
        let known = Set(defined)
        defined = program.sops.map(\.name) + program.selectors.map(\.name)
        let loaded = defined.filter { !known.contains($0) && !assigned.contains($0) && !$0.hasPrefix("_") }
        return (assigned + loaded).compactMap { describe($0, in: program) }.joined()
    }

    /// `set example "abc"` (one token per character, as the RASP REPL reads a string) or
    /// `set example [1, 2, 3]` (one token per item).
    private mutating func setExample(_ argument: String) -> String {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            example = text.dropFirst().dropLast().map(String.init)
        } else if text.count >= 2, text.first == "[", text.last == "]" {
            example = text.dropFirst().dropLast().split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        } else {
            failures += 1
            return "error: set example takes a string (\"abc\") or a list ([1, 2, 3]), not '\(text)'\n"
        }
        return "example: \(example?.joined(separator: " ") ?? "")\n"
    }

    /// `name = [values] (type)` for an s-op with an example, `name: categorical s-op` without
    /// one, `name: selector`; `nil` for names that are not s-ops or selectors.
    private mutating func describe(_ name: String, in program: RASPTextProgram) -> String? {
        if program.selectors.contains(where: { $0.name == name }) { return "\(name): selector\n" }
        guard let sop = program.sops.last(where: { $0.name == name })?.sop else { return nil }
        guard let example else { return "\(name): \(sop.encoding.rawValue) s-op\n" }
        guard let input = program.inputValues(example) else {
            failures += 1
            return "\(name): the example '\(example.joined(separator: " "))' does not read as \(program.tokenType.rawValue) tokens\n"
        }
        do {
            return "\(name) = \(REPLFormat.valuesWithType(try program.evaluate(sop, on: input)))\n"
        } catch {
            failures += 1
            return "\(name): \(error)\n"
        }
    }

    /// The names assigned at the top level of `chunk` (`name = …`, not `==`), in order.
    static func assignedNames(in chunk: String) -> [String] {
        var names: [String] = []
        var depth = 0
        var statementStart = true
        var index = chunk.startIndex
        while index < chunk.endIndex {
            let c = chunk[index]
            if c == "{" { depth += 1 } else if c == "}" { depth = max(0, depth - 1); statementStart = depth == 0 }
            if c == ";" { statementStart = depth == 0 }
            if statementStart, depth == 0, c.isLetter || c == "_" {
                var end = index
                while end < chunk.endIndex, chunk[end].isLetter || chunk[end].isNumber || chunk[end] == "_" { end = chunk.index(after: end) }
                let name = String(chunk[index..<end])
                let rest = chunk[end...].drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("="), !rest.hasPrefix("=="), !name.hasPrefix("_"), !names.contains(name) { names.append(name) }
                statementStart = false
                index = end
                continue
            }
            if !c.isWhitespace && c != ";" && c != "}" { statementStart = false }
            index = chunk.index(after: index)
        }
        return names
    }
}
