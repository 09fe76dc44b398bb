import ALTA

/// Facts about a rule-form program that the compiler needs: which variables rules write or
/// reset, which can be null, which values rule conditions test, which categorical heads can
/// select several keys, and the largest magnitude every numerical variable can hold.
struct ALTAProgramAnalysis {
    let schema: ALTASchema
    /// Program rules (without the automatic resets, which the compiler builds itself).
    let rules: [ALTARule]
    /// Variable index per rule target.
    let ruleTargets: [Int]
    /// Per rule, `(variable index, domain index)` per condition, in condition order.
    let ruleAtoms: [[(variable: Int, index: Int)]]
    /// Per variable, whether some rule writes it.
    let written: [Bool]
    /// Per variable, whether it can be null at some point of a run.
    let nullable: [Bool]
    /// Per variable, the domain indices some rule condition tests, ascending.
    let referencedIndices: [[Int]]
    /// Per head (schema order), whether a categorical head can select two or more keys.
    let headCanSelectSeveral: [Bool]
    /// Per variable, the largest |value| a numerical variable can hold (0 for other kinds).
    let magnitude: [Double]
    /// Per variable, whether it is the value of a numerical head whose selected keys may be
    /// null (its head output then has fractional presence).
    let nullableHeadValue: [Bool]

    init(program: ALTAProgram, ruleSet: ALTARuleSet, maxLength: Int) throws(ALTACompilerError) {
        let schema = program.schema
        self.schema = schema
        self.rules = ruleSet.userRules
        let count = schema.variables.count

        var targets: [Int] = []
        var atoms: [[(variable: Int, index: Int)]] = []
        var written = [Bool](repeating: false, count: count)
        var resetByRule = [Bool](repeating: false, count: count)
        var referenced = [Set<Int>](repeating: [], count: count)
        for rule in rules {
            guard let target = schema.variableIndex(named: rule.variable) else {
                throw .valueOutOfRange(variable: rule.variable, value: "-", context: "rule [\(rule)] writes an unknown variable")
            }
            let variable = schema.variables[target]
            guard variable.kind.index(of: rule.old) != nil else {
                throw .valueOutOfRange(variable: rule.variable, value: rule.old.description, context: "old value of rule [\(rule)]")
            }
            if let new = rule.new {
                guard variable.kind.index(of: new) != nil, variable.kind.accepts(new) else {
                    throw .valueOutOfRange(variable: rule.variable, value: new.description, context: "new value of rule [\(rule)]")
                }
                if case .numerical(let buckets?) = variable.kind, case .number(let x) = new, !buckets.contains(x) {
                    throw .valueOutOfRange(variable: rule.variable, value: new.description, context: "new value of rule [\(rule)] (not a bucket centre)")
                }
            } else {
                resetByRule[target] = true
            }
            written[target] = true
            targets.append(target)
            var ruleAtoms: [(variable: Int, index: Int)] = []
            for atom in rule.conditions {
                guard let v = schema.variableIndex(named: atom.variable) else {
                    throw .valueOutOfRange(variable: atom.variable, value: atom.value.description, context: "condition of rule [\(rule)] names an unknown variable")
                }
                guard let index = schema.variables[v].kind.index(of: atom.value) else {
                    throw .valueOutOfRange(variable: atom.variable, value: atom.value.description, context: "condition of rule [\(rule)]")
                }
                if case .numerical(let buckets?) = schema.variables[v].kind, case .number(let x) = atom.value, !buckets.contains(x) {
                    throw .valueOutOfRange(variable: atom.variable, value: atom.value.description, context: "condition of rule [\(rule)] (not a bucket centre)")
                }
                ruleAtoms.append((v, index))
                referenced[v].insert(index)
            }
            atoms.append(ruleAtoms)
        }
        self.ruleTargets = targets
        self.ruleAtoms = atoms
        self.written = written
        self.referencedIndices = referenced.map { $0.sorted() }

        var nullable = [Bool](repeating: false, count: count)
        for (i, variable) in schema.variables.enumerated() {
            nullable[i] = variable.isHeadOutput || resetByRule[i] || Self.canStartNull(variable, maxLength: maxLength)
        }
        self.nullable = nullable

        // Magnitudes of numerical variables: initial values and bucket centres (rules only write
        // bucket centres); head outputs are means of their value variable's values.
        var magnitude = [Double](repeating: 0, count: count)
        for (i, variable) in schema.variables.enumerated() where variable.kind.isNumerical && !variable.isHeadOutput {
            var m = 0.0
            if case .numerical(let buckets?) = variable.kind { m = buckets.map(abs).max() ?? 0 }
            for value in Self.initialValues(variable, maxLength: maxLength) {
                if case .number(let x)? = value { m = max(m, abs(x)) }
            }
            magnitude[i] = m
        }
        var headSeveral: [Bool] = []
        var nullableHeadValue = [Bool](repeating: false, count: count)
        for head in schema.heads {
            let output = schema.variableIndex(named: head.output) ?? 0
            let value = schema.variableIndex(named: head.value) ?? 0
            if head.kind == .numerical {
                var m = magnitude[value]
                if case .numerical(let buckets?) = schema.variables[output].kind { m = max(m, buckets.map(abs).max() ?? 0) }
                magnitude[output] = m
                if nullable[value] { nullableHeadValue[value] = true }
                headSeveral.append(true)
                continue
            }
            headSeveral.append(Self.canSelectSeveral(head, schema: schema, written: written, maxLength: maxLength))
        }
        self.magnitude = magnitude
        self.headCanSelectSeveral = headSeveral
        self.nullableHeadValue = nullableHeadValue
    }

    /// The initial values a variable takes at positions `0..<maxLength` (any token).
    static func initialValues(_ variable: ALTAVariable, maxLength: Int) -> [ALTAValue?] {
        switch variable.initialisation {
        case .constant: return [variable.defaultValue]
        case .token(let table): return table
        case .position(let table): return Array(table.prefix(maxLength))
        case .headOutput: return [nil]
        }
    }

    static func canStartNull(_ variable: ALTAVariable, maxLength: Int) -> Bool {
        initialValues(variable, maxLength: maxLength).contains { $0 == nil }
    }

    /// Whether a categorical head can select two or more keys at one query position: not when
    /// its mask allows at most one offset, nor when its query is a single value and its key
    /// holds distinct values at distinct positions (a position-initialised key with an
    /// injective table that no rule writes).
    static func canSelectSeveral(_ head: ALTAHead, schema: ALTASchema, written: [Bool], maxLength: Int) -> Bool {
        if !head.relativeMask.isEmpty && head.relativeMask.count <= 1 { return false }
        guard let q = schema.variableIndex(named: head.query), let k = schema.variableIndex(named: head.key) else { return true }
        let query = schema.variables[q]
        switch query.kind {
        case .categorical: break
        case .set(_, let values?):
            let sets = values + initialValues(query, maxLength: maxLength).compactMap { $0?.setValue }
            if sets.contains(where: { $0.count > 1 }) { return true }
        default:
            return true
        }
        let key = schema.variables[k]
        guard !written[k], case .position(let table) = key.initialisation else { return true }
        var seen = Set<Int>()
        for value in table.prefix(maxLength) {
            guard let v = value?.intValue else { continue }
            if !seen.insert(v).inserted { return true }
        }
        return false
    }
}
