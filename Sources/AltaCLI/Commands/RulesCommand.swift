import ALTA
import AltaPrograms
import ArgumentParser
import Foundation

/// `alta rules NAME`: an ALTA program's MLP rules, counts and minimisation.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Show an ALTA program's transition rules, their counts and the effect of minimisation.")

    @Argument(help: "An ALTA library program name (see `alta list`) or an .alta file.")
    var name: String

    @Option(help: "Print at most this many rules (0 = counts only).")
    var limit = 200

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        try OptionRange.check(limit, "--limit", atLeast: 0)
    }

    func run() throws {
        let entry = try ProgramLookup.alta(name, command: "rules", reason: "RASP programs have no transition rules")
        let program: ALTAProgram
        do {
            program = try entry.program()
        } catch {
            throw CLIError("cannot build \(name): \(error)", cause: error)
        }
        guard let ruleSet = program.ruleSet else {
            throw CLIError("\(name) has an MLP written as a function, not rules")
        }
        let stats = ruleSet.statistics
        if json {
            try JSONOutput.print([
                "program": name, "source": stats.source.rawValue,
                "rules_before_minimisation": stats.rulesBeforeMinimisation,
                "rules_after_minimisation": stats.rulesAfterMinimisation.map { $0 as Any } ?? NSNull(),
                "reset_rules": stats.resetRules, "total": stats.total,
                "rules": ruleSet.rules.prefix(limit).map(\.description),
            ])
            return
        }
        print("\(name): \(stats)")
        for rule in ruleSet.rules.prefix(limit) { print("  \(rule)") }
        if ruleSet.rules.count > limit { print("  … \(ruleSet.rules.count - limit) more (raise --limit)") }
    }
}
