/// A rule condition as a *cube*: one entry per schema variable, `-1` = any value (including
/// null), otherwise a domain index (`nullIndex[v]` stands for null, used only for enumerated
/// states and don't-care sets, never in rules).
typealias ALTACube = [Int32]

/// What a rule does: write `target` from domain index `old` to `new`.
struct ALTAUpdateKey: Hashable, Sendable {
    let target: Int
    let old: Int32
    let new: ALTAValue?
}

/// The value space of a schema seen by the minimiser: per variable its domain and whether null
/// is one of the values it can hold at the MLP input.
final class ALTACubeSpace: Sendable {
    let schema: ALTASchema
    /// Domain values per variable (empty when it has no finite domain).
    let domains: [[ALTAValue]]
    /// Number of values a variable can take, null included when nullable.
    let extendedSizes: [Int]
    /// Index that stands for null (`domains[v].count`), or -1 when the variable is never null.
    let nullIndex: [Int32]
    /// Cubes as one word each, when the space is small enough.
    let packing: ALTACubePacking?

    init(schema: ALTASchema, nullable: Set<Int>) {
        self.schema = schema
        var domains: [[ALTAValue]] = []
        var sizes: [Int] = []
        var nulls: [Int32] = []
        for (v, variable) in schema.variables.enumerated() {
            let domain = variable.kind.domain ?? []
            domains.append(domain)
            let isNullable = nullable.contains(v)
            sizes.append(domain.count + (isNullable ? 1 : 0))
            nulls.append(isNullable ? Int32(domain.count) : -1)
        }
        self.domains = domains
        self.extendedSizes = sizes
        self.nullIndex = nulls
        packing = ALTACubePacking(extendedSizes: sizes)
    }

    var variableCount: Int { domains.count }

    /// Variables that can be null at the MLP input of a program with these rules: head outputs,
    /// variables that can start null, and variables some rule resets to null.
    static func nullableVariables(schema: ALTASchema, rules: [ALTARule]) -> Set<Int> {
        var result = Set<Int>()
        for (v, variable) in schema.variables.enumerated() where variable.canStartNull {
            result.insert(v)
        }
        for rule in rules where rule.new == nil {
            if let v = schema.variableIndex(named: rule.variable) { result.insert(v) }
        }
        return result
    }

    /// The cube and update of a validated rule.
    func cube(of rule: ALTARule) -> (ALTAUpdateKey, ALTACube) {
        var cube = ALTACube(repeating: -1, count: variableCount)
        for atom in rule.conditions {
            let v = schema.variableIndex(named: atom.variable) ?? 0
            cube[v] = Int32(schema.variables[v].kind.index(of: atom.value) ?? 0)
        }
        let target = schema.variableIndex(named: rule.variable) ?? 0
        let old = Int32(schema.variables[target].kind.index(of: rule.old) ?? 0)
        return (ALTAUpdateKey(target: target, old: old, new: rule.new), cube)
    }

    /// The rule of an update and a cube without null entries (conditions in layout order).
    func rule(_ key: ALTAUpdateKey, _ cube: ALTACube) -> ALTARule {
        var atoms: [ALTAAtom] = []
        for (v, index) in cube.enumerated() where index >= 0 {
            atoms.append(ALTAAtom(schema.variables[v].name, domains[v][Int(index)]))
        }
        return ALTARule(when: atoms, set: schema.variables[key.target].name,
                        from: domains[key.target][Int(key.old)], to: key.new)
    }

    // MARK: cube algebra

    /// Whether the cubes share a state.
    @inline(__always)
    func intersects(_ a: ALTACube, _ b: ALTACube) -> Bool {
        for v in 0..<a.count {
            let x = a[v], y = b[v]
            if x >= 0 && y >= 0 && x != y { return false }
        }
        return true
    }

    /// Whether `outer` contains every state of `inner`.
    @inline(__always)
    func contains(_ outer: ALTACube, _ inner: ALTACube) -> Bool {
        for v in 0..<outer.count {
            let x = outer[v]
            if x >= 0 && inner[v] != x { return false }
        }
        return true
    }

    /// Whether every state of `cube` lies in the union of `cover`, by Shannon splitting on the
    /// variables the cover fixes. `budget` counts splits; when it runs out the answer is the
    /// conservative `false`.
    func covered(_ cube: ALTACube, by cover: [ALTACube], budget: inout Int) -> Bool {
        var relevant: [ALTACube] = []
        for candidate in cover where intersects(candidate, cube) {
            if contains(candidate, cube) { return true }
            relevant.append(candidate)
        }
        if relevant.isEmpty { return false }
        budget -= 1
        if budget < 0 { return false }
        // Split on the free variable that the most relevant cubes fix.
        var counts = [Int](repeating: 0, count: cube.count)
        for candidate in relevant {
            for v in 0..<cube.count where cube[v] < 0 && candidate[v] >= 0 { counts[v] += 1 }
        }
        var split = -1
        var best = 0
        for v in 0..<cube.count where counts[v] > best {
            best = counts[v]
            split = v
        }
        if split < 0 { return false }  // unreachable: a relevant cube fixing nothing new contains `cube`
        var part = cube
        for value in 0..<extendedSizes[split] {
            part[split] = Int32(value)
            if !covered(part, by: relevant, budget: &budget) { return false }
        }
        return true
    }
}
