/// A small rule set that reproduces every trace of a dataset: the program rules that fired,
/// generalised and merged as far as the observed MLP inputs allow.
///
/// Greedy, not exact: starting from the fired program rules in program order, each rule in
/// turn drops condition atoms (in condition order, never the written variable's own atom)
/// while the generalised rule matches only observed inputs that received the same update
/// (same variable, same new value); the other rules whose observed inputs it then covers
/// entirely are absorbed (removed), and a generalisation that would cover only part of
/// another rule's inputs is refused, so that no observed input fires two rules writing one
/// variable. Passes repeat until nothing changes. The result matches the same set of rules'
/// updates at every observed input, hence reproduces every trace on the dataset; it can be
/// larger than the smallest such set when the order of the drops matters.
///
/// The existing `ALTARuleMinimiser` does not fit here: it keeps the transition on every
/// state, while a dataset only constrains the observed inputs (every other state is a
/// "don't care"), and listing the unobserved states as don't-care cubes would be as large as
/// the state space. This is the dataset analogue of its expand and absorb steps.
public enum ALTADatasetRuleMinimiser {
    /// One rule of the result and the program rules it replaces.
    public struct MergedRule: Sendable, Equatable {
        /// The (generalised) rule.
        public let rule: ALTARule
        /// Indices into `program.rules` of the fired rules it replaces, ascending.
        public let sources: [Int]

        /// `rule`, replacing the program rules `sources`.
        public init(rule: ALTARule, sources: [Int]) {
            self.rule = rule
            self.sources = sources
        }
    }

    /// The smallest rule set the greedy search finds for the dataset of `coverage`, in
    /// program order of each merged rule's first source.
    public static func minimise(_ coverage: ALTARuleCoverage) -> [MergedRule] {
        minimise(ALTAObservedInputs(coverage))
    }

    /// A program with `rules` in place of the program rules of `program` (same schema,
    /// output, halting, automatic resets).
    public static func program(_ program: ALTAProgram, with rules: [MergedRule]) throws -> ALTAProgram {
        try ALTAProgram(name: program.name, schema: program.schema, rules: rules.map(\.rule), output: program.output,
                        halt: program.halt)
    }

    static func minimise(_ observed: ALTAObservedInputs) -> [MergedRule] {
        let coverage = observed.coverage
        let original = coverage.program.rules
        struct Working {
            var kept: [Bool]  // per atom of the source rule
            var sources: [Int]
            var matched: Set<Int>
            var alive = true
        }
        var working: [Working] = []
        // Per written variable and observed input, the working rule writing it there.
        var writer: [Int: [Int: Int]] = [:]
        for r in 0..<coverage.userRuleCount {
            let matched = observed.matching(observed.rules[r].atoms)
            guard !matched.isEmpty else { continue }
            for o in matched { writer[observed.rules[r].target, default: [:]][o] = working.count }
            working.append(Working(kept: [Bool](repeating: true, count: observed.rules[r].atoms.count),
                                   sources: [r], matched: Set(matched)))
        }
        var changed = true
        while changed {
            changed = false
            for w in working.indices where working[w].alive {
                let source = observed.rules[working[w].sources[0]]
                for k in source.atoms.indices where working[w].kept[k] && source.atoms[k].variable != source.target {
                    var kept = working[w].kept
                    kept[k] = false
                    let atoms = source.atoms.indices.filter { kept[$0] }.map { source.atoms[$0] }
                    let matched = observed.matching(atoms)
                    let matchedSet = Set(matched)
                    var absorbed = Set<Int>()
                    var allowed = true
                    for o in matched where !working[w].matched.contains(o) {
                        // The observed update there must be this one, made by a rule covered whole.
                        guard let other = observed.writer(of: source.target, at: o), observed.rules[other].new == source.new,
                              let u = writer[source.target]?[o], u != w, working[u].matched.isSubset(of: matchedSet) else {
                            allowed = false
                            break
                        }
                        absorbed.insert(u)
                    }
                    guard allowed else { continue }
                    working[w].kept = kept
                    working[w].matched = matchedSet
                    for u in absorbed.sorted() {
                        working[u].alive = false
                        working[w].sources += working[u].sources
                    }
                    for o in matched { writer[source.target, default: [:]][o] = w }
                    changed = true
                }
            }
        }
        return working.filter(\.alive).map { entry in
            let first = original[entry.sources[0]]
            let conditions = first.conditions.indices.filter { entry.kept[$0] }.map { first.conditions[$0] }
            return MergedRule(rule: ALTARule(when: conditions, set: first.variable, from: first.old, to: first.new),
                              sources: entry.sources.sorted())
        }
    }
}
