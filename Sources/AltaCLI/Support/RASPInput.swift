import Foundation
import AltaPrograms
import RASP

/// Turns command-line tokens into RASP values for a program's vocabulary.
enum RASPInput {
    /// Matches each token against the printed form of the vocabulary's values
    /// (`1` → int 1, `a` → "a"); an unknown token is an error naming it and its position.
    static func values(_ tokens: [String], vocabulary: [Value], program: String) throws -> [Value] {
        var byName: [String: Value] = [:]
        for value in vocabulary { byName[value.description] = value }
        return try tokens.enumerated().map { position, token in
            guard let value = byName[token] else {
                let known = vocabulary.map(\.description).joined(separator: " ")
                throw CLIError("token '\(token)' at position \(position) is not in the vocabulary of \(program) (\(known))", kind: .data)
            }
            return value
        }
    }

    /// Parses `--vocab a,b,c`: all integers become ints, otherwise strings.
    static func vocabulary(_ list: String) throws -> [Value] {
        let items = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw CLIError("--vocab needs at least one comma-separated token") }
        guard Set(items).count == items.count else { throw CLIError("--vocab lists a token twice: \(list)") }
        let integers = items.compactMap { Int($0) }
        return integers.count == items.count ? integers.map(Value.int) : items.map(Value.string)
    }
}

