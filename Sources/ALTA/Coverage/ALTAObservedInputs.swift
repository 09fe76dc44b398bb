/// The distinct MLP inputs of an ``ALTARuleCoverage`` with the rules in index form, to ask
/// which observed inputs a (possibly generalised) rule matches. Conjunctions are looked up
/// by their set of variables: the observed inputs are grouped once per set by their values
/// there (built on first use), so a lookup is one dictionary probe.
final class ALTAObservedInputs {
    /// A rule as variable and domain indices.
    struct IndexedRule {
        /// `(variable, value index)` per atom, in condition order (includes the own atom).
        let atoms: [(variable: Int, value: Int32)]
        /// The written variable.
        let target: Int
        /// Its new value (`nil` = null).
        let new: ALTAValue?
    }

    let coverage: ALTARuleCoverage
    /// `program.rules` in index form.
    let rules: [IndexedRule]
    private var groups: [[Int]: [[Int32]: [Int]]] = [:]

    init(_ coverage: ALTARuleCoverage) {
        self.coverage = coverage
        let schema = coverage.program.schema
        self.rules = coverage.program.rules.map { rule in
            // The program validated its rules, so every name and value resolves.
            let atoms = rule.conditions.map { atom -> (variable: Int, value: Int32) in
                let v = schema.variableIndex(named: atom.variable) ?? 0
                return (v, Int32(schema.variables[v].kind.index(of: atom.value) ?? -1))
            }
            return IndexedRule(atoms: atoms, target: schema.variableIndex(named: rule.variable) ?? 0, new: rule.new)
        }
    }

    var observations: [ALTARuleCoverage.Observation] { coverage.observations }

    /// The observed inputs (indices into `observations`, ascending) where every atom holds.
    func matching(_ atoms: [(variable: Int, value: Int32)]) -> [Int] {
        let sorted = atoms.sorted { $0.variable < $1.variable }
        let variables = sorted.map(\.variable)
        if groups[variables] == nil {
            var table: [[Int32]: [Int]] = [:]
            for (o, observation) in observations.enumerated() {
                let key = variables.map { observation.input[$0] }
                if key.contains(-1) { continue }  // an atom never holds on null
                table[key, default: []].append(o)
            }
            groups[variables] = table
        }
        return groups[variables]?[sorted.map(\.value)] ?? []
    }

    /// The rule among `observations[o].fired` that writes `variable`, if any (at most one
    /// fires per variable, or the interpreter would have failed).
    func writer(of variable: Int, at o: Int, excluding excluded: Int? = nil) -> Int? {
        observations[o].fired.first { $0 != excluded && rules[$0].target == variable }
    }
}
