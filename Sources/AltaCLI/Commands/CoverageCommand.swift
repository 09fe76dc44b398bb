import ALTA
import ALTACompiler
import AltaPrograms
import AltaTraining
import ArgumentParser
import Foundation

/// `alta coverage PROGRAM …`: how often each transition rule fires over a dataset of inputs,
/// whether the program is minimal with respect to it, the smallest rule set reproducing it,
/// and — with a learned MLP — which test-time transitions it gets wrong.
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Count how often each rule of an ALTA program fires over a dataset, check minimality, and audit a learned MLP.",
        discussion: """
            Runs the interpreter on the inputs the generator options give (as `alta traces`) \
            and counts, per rule and per layer, the MLP applications each rule fired in. The \
            program is minimal with respect to the dataset when no rule can be removed and no \
            condition atom dropped without changing some trace; the smallest rule set is the \
            fired rules generalised and merged as far as the dataset allows (greedy). With \
            --checkpoint (an `alta train --subtract-residual` run) and --test-inputs (generator \
            options as name=value words, e.g. 'lengths=9...10 seed=1'), every test-time MLP application is \
            run through the learned MLP and the wrong ones are listed with their rules and \
            whether the dataset covered them.
            """)

    @Argument(help: "An ALTA library program with a trace input generator (see `alta traces`).")
    var program: String

    @OptionGroup var inputOptions: TraceInputOptions

    @Option(help: "A folder written by `alta train --subtract-residual`, or its mlp.safetensors.")
    var checkpoint: String?

    @Option(help: "The test inputs for --checkpoint: generator options as name=value words, e.g. 'lengths=9...10' or 'digits=6...8 count=50 seed=1'.")
    var testInputs: String?

    @Option(help: "Lines to print of each long list: droppable atoms, the smallest rule set, wrong test-time applications (--json lists all).")
    var show: Int = 20

    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        try OptionRange.check(show, "--show", atLeast: 0)
        if (checkpoint == nil) != (testInputs == nil) {
            throw ValidationError("--checkpoint and --test-inputs go together (the learned MLP is audited on the test inputs)")
        }
        if let testInputs { _ = try Self.testOptions(testInputs) }
    }

    /// `--test-inputs` parsed as the generator options: words `name=value` (or `--name
    /// value`), e.g. `lengths=9...10 seed=1`.
    static func testOptions(_ text: String) throws -> TraceInputOptions {
        var arguments: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                arguments += [parts[0].hasPrefix("--") ? parts[0] : "--" + parts[0], parts[1]]
            } else {
                arguments.append(word)
            }
        }
        do {
            let options = try TraceInputOptions.parse(arguments)
            try options.validate()
            return options
        } catch {
            throw ValidationError("--test-inputs: \(TraceInputOptions.message(for: error))")
        }
    }

    func run() throws {
        let entry = try ProgramLookup.alta(program)
        let altaProgram: ALTAProgram
        do { altaProgram = try entry.program() } catch { throw CLIError("cannot build \(entry.name): \(error)", cause: error) }
        let (_, inputs) = try inputOptions.inputs(for: entry, program: program)
        let reporter = ProgressReporter(total: inputs.count, label: "coverage")
        let coverage: ALTARuleCoverage
        do {
            coverage = try ALTARuleCoverage.measure(entry: entry, program: altaProgram, inputs: inputs, layers: inputOptions.layerPolicy,
                                                    maxLayers: inputOptions.maxLayers, progress: { reporter.advance(to: $0) })
        } catch {
            reporter.finish()
            throw error
        }
        reporter.finish()
        let (minimality, smallest) = ProgressReporter.during("checking minimality") {
            (ALTARuleMinimality(coverage), ALTADatasetRuleMinimiser.minimise(coverage))
        }
        var audit: (checkpoint: String, inputs: Int, result: LearnedTransitionAudit)?
        if let checkpoint, let testInputs {
            audit = try self.audit(entry: entry, checkpoint: checkpoint, testOptions: try Self.testOptions(testInputs), training: coverage)
        }
        if json {
            try JSONOutput.print(Self.json(coverage, minimality, smallest, audit))
        } else {
            print(Self.text(coverage, minimality, smallest, audit, show: show), terminator: "")
        }
    }

    private func audit(entry: ALTAProgramEntry, checkpoint: String, testOptions: TraceInputOptions, training: ALTARuleCoverage)
        throws -> (checkpoint: String, inputs: Int, result: LearnedTransitionAudit) {
        let tests: [TraceInput]
        do {
            tests = try testOptions.inputs(for: entry, program: program).inputs
        } catch {
            throw CLIError("--test-inputs: \(error)", cause: error)
        }
        let (path, bytes) = try CheckpointFile.read(checkpoint)
        let longest = tests.map(\.tokens.count).max() ?? 1
        let compiled = try ALTACompilation.compile(entry, maxLength: max(longest, entry.minimumTokenCount))
        let reporter = ProgressReporter(total: tests.count, label: "learned MLP")
        do {
            let learned = try LearnedMLPModel(entry: entry, compiled: compiled, checkpoint: bytes, path: path)
            let result = try LearnedTransitionAudit.audit(learned, training: training, inputs: tests, layers: testOptions.layerPolicy,
                                                          maxLayers: testOptions.maxLayers, progress: { reporter.advance(to: $0) })
            reporter.finish()
            return (path, tests.count, result)
        } catch {
            reporter.finish()
            throw error
        }
    }

    // MARK: printing

    static func text(
        _ coverage: ALTARuleCoverage, _ minimality: ALTARuleMinimality, _ smallest: [ALTADatasetRuleMinimiser.MergedRule],
        _ audit: (checkpoint: String, inputs: Int, result: LearnedTransitionAudit)?, show: Int
    ) -> String {
        let program = coverage.program
        var out = "\(program.name) on \(Plural.count(coverage.inputCount, "input")): \(Plural.count(coverage.applications, "MLP application"))"
            + " (\(coverage.applicationsWithoutRule) fire no rule), \(Plural.count(coverage.distinctInputs, "distinct MLP input"))"
            + ", \(Plural.count(coverage.layerCount, "layer"))\n"
        let perLayer = coverage.layerCount <= 12
        let listsAll = program.rules.count <= 50
        var rows = [["#", "rule", "fired"] + (perLayer ? (0..<coverage.layerCount).map { "L\($0)" } : ["layers"])]
        for (r, rule) in program.rules.enumerated() where listsAll || coverage.isCovered(r) {
            var row = [String(r), rule.description + (coverage.isResetRule(r) ? "  (reset)" : ""), String(coverage.count(ofRule: r))]
            if perLayer {
                row += (0..<coverage.layerCount).map { String(coverage.count(ofRule: r, layer: $0)) }
            } else {
                let layers = (0..<coverage.layerCount).filter { coverage.count(ofRule: r, layer: $0) > 0 }
                row.append(layers.first.map { first in first == layers.last ? "L\(first)" : "L\(first)...L\(layers.last ?? first)" } ?? "-")
            }
            rows.append(row)
        }
        out += TextTable.render(rows)
        if !listsAll { out += "(only the \(Plural.count(coverage.firedRules.count, "rule")) that fired are listed; --json lists all)\n" }
        let never = coverage.neverFiredUserRules
        out += "never fired: " + (never.isEmpty ? "none" : list(never))
        let resets = coverage.neverFiredResetRules
        out += resets.isEmpty ? "\n" : " (and \(Plural.count(resets.count, "reset rule")))\n"
        if minimality.isMinimal {
            out += "minimal with respect to the dataset: no rule can be removed and no atom dropped\n"
        } else {
            out += "not minimal with respect to the dataset:\n"
            for reason in [ALTARuleMinimality.RemovableRule.Reason.neverFired, .duplicated] {
                let removable = minimality.removableRules.filter { $0.reason == reason }.map(\.rule)
                if removable.isEmpty { continue }
                out += "  \(removable.count == 1 ? "rule" : "rules") \(list(removable)) can be removed: \(reason.rawValue)\n"
            }
            for atom in minimality.droppableAtoms.prefix(show) {
                var line = "  rule \(atom.rule): atom \(atom.atom) can be dropped (matches \(Plural.count(atom.newlyMatched, "more input"))"
                if !atom.sharedWith.isEmpty {
                    line += ", where \(atom.sharedWith.count == 1 ? "rule" : "rules") \(list(atom.sharedWith)) make\(atom.sharedWith.count == 1 ? "s" : "") the same update"
                }
                out += line + ")\n"
            }
            if minimality.droppableAtoms.count > show {
                out += "  (first \(show) of \(minimality.droppableAtoms.count) droppable atoms shown; --show N, or --json for all)\n"
            }
        }
        out += "smallest rule set reproducing every trace (greedy): \(Plural.count(smallest.count, "rule")) "
            + "(from \(Plural.count(coverage.firedRules.filter { !coverage.isResetRule($0) }.count, "fired program rule")))\n"
        if smallest.count < program.ruleSet?.userRules.count ?? 0 {
            out += TextTable.render(smallest.prefix(show).map { ["  " + $0.rule.description, "← " + ($0.sources.count == 1 ? "rule " : "rules ") + list($0.sources)] })
            if smallest.count > show { out += "  (first \(show) of \(smallest.count) shown; --show N, or --json for all)\n" }
        }
        if let audit {
            let result = audit.result
            out += "learned MLP \(audit.checkpoint) on \(Plural.count(audit.inputs, "test input")): \(result.summary)\n"
            if !result.wrong.isEmpty && show > 0 {
                var wrongRows = [["input", "layer", "position", "rules", "wrong", "rule covered", "input seen"]]
                for application in result.wrong.prefix(show) {
                    let wrong = application.variables.map { "\($0.variable)=\(ALTAValue.format($0.decoded)) (expected \(ALTAValue.format($0.expected)))" }
                    let covered = application.variables.map { variable in
                        variable.rule.map { "\($0): \(variable.covered == true ? "yes" : "no")" } ?? "no rule"
                    }
                    wrongRows.append([application.text, String(application.layer), String(application.position),
                                      application.firedRules.map(String.init).joined(separator: ","),
                                      wrong.joined(separator: "; "), covered.joined(separator: "; "), application.inputSeenInTraining ? "yes" : "no"])
                }
                out += TextTable.render(wrongRows)
                if result.wrong.count > show { out += "(first \(show) of \(result.wrong.count) shown; --show N, or --json for all)\n" }
            }
        }
        return out
    }

    /// Indices as `1, 2, 3`, the first 30 then `… (N in all)`.
    static func list(_ indices: [Int]) -> String {
        let shown = indices.prefix(30).map(String.init).joined(separator: ", ")
        return indices.count > 30 ? shown + ", … (\(indices.count) in all)" : shown
    }

    static func json(
        _ coverage: ALTARuleCoverage, _ minimality: ALTARuleMinimality, _ smallest: [ALTADatasetRuleMinimiser.MergedRule],
        _ audit: (checkpoint: String, inputs: Int, result: LearnedTransitionAudit)?
    ) -> [String: Any] {
        func value(_ v: ALTAValue?) -> Any { v.map { ALTAValue.format($0) as Any } ?? NSNull() }
        var object: [String: Any] = [
            "program": coverage.program.name, "inputs": coverage.inputCount, "applications": coverage.applications,
            "applicationsWithoutRule": coverage.applicationsWithoutRule, "distinctInputs": coverage.distinctInputs,
            "applicationsPerLayer": coverage.applicationsPerLayer,
            "rules": coverage.program.rules.enumerated().map { r, rule in
                ["index": r, "rule": rule.description, "reset": coverage.isResetRule(r), "fired": coverage.count(ofRule: r),
                 "perLayer": (0..<coverage.layerCount).map { coverage.count(ofRule: r, layer: $0) }] as [String: Any]
            },
            "neverFired": coverage.neverFiredUserRules, "neverFiredResets": coverage.neverFiredResetRules,
            "minimal": minimality.isMinimal,
            "removableRules": minimality.removableRules.map { ["rule": $0.rule, "reason": $0.reason.rawValue] as [String: Any] },
            "droppableAtoms": minimality.droppableAtoms.map {
                ["rule": $0.rule, "atom": $0.atom.description, "newlyMatched": $0.newlyMatched, "sharedWith": $0.sharedWith] as [String: Any]
            },
            "smallestRuleSet": smallest.map { ["rule": $0.rule.description, "sources": $0.sources] as [String: Any] },
        ]
        if let audit {
            let result = audit.result
            object["learned"] = [
                "checkpoint": audit.checkpoint, "testInputs": audit.inputs, "applications": result.applications,
                "transitionsOnCoveredRules": result.transitionsOnCoveredRules, "transitionsOnUncoveredRules": result.transitionsOnUncoveredRules,
                "wrongOnCoveredRules": result.wrongOnCoveredRules, "wrongOnUncoveredRules": result.wrongOnUncoveredRules,
                "wrongWithoutRule": result.wrongWithoutRule, "summary": result.summary,
                "wrong": result.wrong.map { application in
                    ["input": application.text, "layer": application.layer, "position": application.position,
                     "firedRules": application.firedRules, "inputSeenInTraining": application.inputSeenInTraining,
                     "variables": application.variables.map { variable in
                         ["variable": variable.variable, "expected": value(variable.expected), "decoded": value(variable.decoded),
                          "rule": variable.rule.map { $0 as Any } ?? NSNull(), "covered": variable.covered.map { $0 as Any } ?? NSNull()] as [String: Any]
                     }] as [String: Any]
                },
            ] as [String: Any]
        }
        return object
    }
}
