/// Finds the rules that fire on one position's MLP input. Rules are grouped by the set of
/// variables their conditions mention (as in the original's `SparseMLP`); each group is a hash
/// table from the tuple of value indices to the rules with those conditions, so matching costs
/// one lookup per group.
final class ALTARuleMatcher: Sendable {
    private struct Group: Sendable {
        /// Variable indices of the conditions, ascending.
        let variables: [Int]
        /// Mixed-radix strides of the packed key, or empty when the key does not fit an Int.
        let strides: [Int]
        let packed: [Int: [Int32]]
        let unpacked: [[Int]: [Int32]]
    }

    private let groups: [Group]
    /// Written variable index per rule.
    let targets: [Int]
    /// New value per rule.
    let newValues: [ALTAValue?]

    /// Indexes validated rules of `schema`.
    init(schema: ALTASchema, rules: [ALTARule]) {
        var order: [[Int]] = []
        var members: [[Int]: [(Int, [Int])]] = [:]  // variables → [(rule, value indices)]
        var targets: [Int] = []
        var newValues: [ALTAValue?] = []
        for (r, rule) in rules.enumerated() {
            var pairs: [(Int, Int)] = []
            for atom in rule.conditions {
                // Rules are validated by ALTAProgram, so names and values resolve.
                let v = schema.variableIndex(named: atom.variable) ?? 0
                pairs.append((v, schema.variables[v].kind.index(of: atom.value) ?? -1))
            }
            pairs.sort { $0.0 < $1.0 }
            let variables = pairs.map(\.0)
            if members[variables] == nil { order.append(variables) }
            members[variables, default: []].append((r, pairs.map(\.1)))
            targets.append(schema.variableIndex(named: rule.variable) ?? 0)
            newValues.append(rule.new)
        }
        var groups: [Group] = []
        for variables in order {
            let entries = members[variables] ?? []
            var strides: [Int] = []
            var product = 1
            var fits = true
            for v in variables.reversed() {
                strides.insert(product, at: 0)
                let size = max(schema.variables[v].kind.domainSize ?? 1, 1)
                let (next, overflow) = product.multipliedReportingOverflow(by: size)
                if overflow { fits = false; break }
                product = next
            }
            if fits {
                var table: [Int: [Int32]] = [:]
                for (rule, indices) in entries {
                    var key = 0
                    for (k, index) in indices.enumerated() { key += index * strides[k] }
                    table[key, default: []].append(Int32(rule))
                }
                groups.append(Group(variables: variables, strides: strides, packed: table, unpacked: [:]))
            } else {
                var table: [[Int]: [Int32]] = [:]
                for (rule, indices) in entries { table[indices, default: []].append(Int32(rule)) }
                groups.append(Group(variables: variables, strides: [], packed: [:], unpacked: table))
            }
        }
        self.groups = groups
        self.targets = targets
        self.newValues = newValues
    }

    /// Appends the indices of the rules that fire for the given per-variable domain indices
    /// (-1 = null, never matches), ascending.
    func match(_ indices: [Int], into fired: inout [Int]) {
        let start = fired.count
        groupLoop: for group in groups {
            if group.strides.isEmpty {
                var key: [Int] = []
                key.reserveCapacity(group.variables.count)
                for v in group.variables {
                    let index = indices[v]
                    if index < 0 { continue groupLoop }
                    key.append(index)
                }
                if let rules = group.unpacked[key] { for r in rules { fired.append(Int(r)) } }
            } else {
                var key = 0
                for (k, v) in group.variables.enumerated() {
                    let index = indices[v]
                    if index < 0 { continue groupLoop }
                    key += index * group.strides[k]
                }
                if let rules = group.packed[key] { for r in rules { fired.append(Int(r)) } }
            }
        }
        fired[start...].sort()
    }
}
