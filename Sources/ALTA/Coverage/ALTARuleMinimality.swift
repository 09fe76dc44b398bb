/// Whether a rule-form program is minimal with respect to a dataset (the paper's condition for
/// the compiled weights to be a stable solution of trace-supervised training): no program rule
/// can be removed and no condition atom dropped without changing some trace on the dataset.
///
/// Judged on the distinct MLP inputs the dataset produced (``ALTARuleCoverage``); since the
/// MLP output at every observed input stays the same, so does every later state, by
/// induction over the layers.
///
/// * **Removing a rule** changes no trace when the rule never fired, or when at every input
///   it fired on another fired rule makes the same update (the matcher's list without the
///   rule still writes the same value; with the interpreter refusing two writes of one
///   variable this never happens for a fired rule, but it is checked, not assumed).
/// * **Dropping an atom** (generalising the rule) changes no trace when every observed input
///   the generalised rule newly matches already received the same update (same variable,
///   same new value) from another rule; those rules are listed in `sharedWith` — the
///   generalised rule would make them redundant there. An input newly matched where the
///   variable kept its value, or got another value, is a change. The written variable's own
///   atom (its old value) is never dropped (the compiler subtracts the old value).
///
/// The automatic reset rules are not judged (they are not written in the program, and the
/// interpreter resets head outputs after every layer anyway).
public struct ALTARuleMinimality: Sendable {
    /// A program rule that can be removed.
    public struct RemovableRule: Sendable, Equatable {
        /// Why removing it changes no trace.
        public enum Reason: String, Sendable, Equatable {
            /// It never fired on the dataset.
            case neverFired = "never fired"
            /// Wherever it fired, other rules make the same update.
            case duplicated = "other rules make the same update wherever it fired"
        }
        /// Index into `program.rules`.
        public let rule: Int
        /// Why.
        public let reason: Reason

        /// Rule `rule` is removable for `reason`.
        public init(rule: Int, reason: Reason) {
            self.rule = rule
            self.reason = reason
        }
    }

    /// A condition atom that can be dropped from a program rule.
    public struct DroppableAtom: Sendable, Equatable {
        /// Index into `program.rules`.
        public let rule: Int
        /// The atom.
        public let atom: ALTAAtom
        /// Distinct observed inputs the generalised rule matches and the rule did not (0 when
        /// the atom holds wherever the rest of the conditions hold on the dataset).
        public let newlyMatched: Int
        /// Rules that make the same update on those inputs, ascending.
        public let sharedWith: [Int]

        /// `atom` of rule `rule` is droppable.
        public init(rule: Int, atom: ALTAAtom, newlyMatched: Int, sharedWith: [Int]) {
            self.rule = rule
            self.atom = atom
            self.newlyMatched = newlyMatched
            self.sharedWith = sharedWith
        }
    }

    /// Program rules that can be removed, ascending.
    public let removableRules: [RemovableRule]
    /// Droppable atoms, by rule then condition order.
    public let droppableAtoms: [DroppableAtom]

    /// Whether nothing can be removed or dropped.
    public var isMinimal: Bool { removableRules.isEmpty && droppableAtoms.isEmpty }

    /// Analyses the program of `coverage` on its dataset.
    public init(_ coverage: ALTARuleCoverage) {
        self.init(ALTAObservedInputs(coverage))
    }

    init(_ observed: ALTAObservedInputs) {
        let coverage = observed.coverage
        let rules = coverage.program.rules
        var removable: [RemovableRule] = []
        var droppable: [DroppableAtom] = []
        for r in 0..<coverage.userRuleCount {
            let rule = observed.rules[r]
            let firedAt = observed.matching(rule.atoms)
            if firedAt.isEmpty {
                removable.append(RemovableRule(rule: r, reason: .neverFired))
                continue
            }
            let duplicated = firedAt.allSatisfy { o in
                observed.writer(of: rule.target, at: o, excluding: r).map { observed.rules[$0].new == rule.new } ?? false
            }
            if duplicated { removable.append(RemovableRule(rule: r, reason: .duplicated)) }
            let own = Set(firedAt)
            for (k, atom) in rule.atoms.enumerated() where atom.variable != rule.target {
                var generalised = rule.atoms
                generalised.remove(at: k)
                var newlyMatched = 0
                var shared = Set<Int>()
                var changes = false
                for o in observed.matching(generalised) where !own.contains(o) {
                    newlyMatched += 1
                    guard let other = observed.writer(of: rule.target, at: o), observed.rules[other].new == rule.new else {
                        changes = true
                        break
                    }
                    shared.insert(other)
                }
                if !changes {
                    droppable.append(DroppableAtom(rule: r, atom: rules[r].conditions[k], newlyMatched: newlyMatched,
                                                   sharedWith: shared.sorted()))
                }
            }
        }
        self.removableRules = removable
        self.droppableAtoms = droppable
    }
}
