/// Finds the rules that fire on one position's MLP input. Rules are grouped by the set of
/// variables their conditions mention (as in the original's `SparseMLP`); each group packs the
/// value indices of its variables into one key (mixed radix) and looks it up in one
/// open-addressing table shared by all groups, so matching costs one probe per group with no
/// hashing library and no allocation. Groups whose key would reach 2⁴⁰ keep a dictionary
/// from the index tuple.
final class ALTARuleMatcher: Sendable {
    /// Per group `g`, its variables and strides are `groupVariables/groupStrides[groupStarts[g]..<groupStarts[g+1]]`.
    private let groupStarts: [Int]
    private let groupVariables: [Int]
    private let groupStrides: [Int]
    /// Groups whose key would reach 2⁴⁰: variables and the table from index tuples.
    private let wideGroups: [(variables: [Int], table: [[Int]: [Int32]])]
    /// Open-addressing table over `(group, key)`: a slot holds the tag `(group + 1) << 40 | key`
    /// (0 = empty) and the range of its rules in `rules`. Keys of at least 2⁴⁰ use `wideGroups`.
    private let slotTag: [UInt64]
    private let slotRules: [Range<Int32>]
    private let mask: Int
    private let rules: [Int32]
    /// Written variable index per rule.
    let targets: [Int]
    /// New value per rule.
    let newValues: [ALTAValue?]

    /// Indexes validated rules of `schema`.
    init(schema: ALTASchema, rules ruleList: [ALTARule]) {
        var order: [[Int]] = []
        var members: [[Int]: [(Int, [Int])]] = [:]  // variables → [(rule, value indices)]
        var targets: [Int] = []
        var newValues: [ALTAValue?] = []
        for (r, rule) in ruleList.enumerated() {
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
        var groupStarts = [0]
        var groupVariables: [Int] = []
        var groupStrides: [Int] = []
        var wideGroups: [(variables: [Int], table: [[Int]: [Int32]])] = []
        // (group, key) → rules, in first-seen order.
        var keyed: [(group: Int, key: Int, rules: [Int32])] = []
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
            if fits && product <= Self.keyLimit {
                let group = groupStarts.count - 1
                groupVariables += variables
                groupStrides += strides
                groupStarts.append(groupVariables.count)
                var slotOfKey: [Int: Int] = [:]
                for (rule, indices) in entries {
                    var key = 0
                    for (k, index) in indices.enumerated() { key += index * strides[k] }
                    if let slot = slotOfKey[key] {
                        keyed[slot].rules.append(Int32(rule))
                    } else {
                        slotOfKey[key] = keyed.count
                        keyed.append((group, key, [Int32(rule)]))
                    }
                }
            } else {
                var table: [[Int]: [Int32]] = [:]
                for (rule, indices) in entries { table[indices, default: []].append(Int32(rule)) }
                wideGroups.append((variables, table))
            }
        }
        var capacity = 16
        while capacity < 2 * keyed.count { capacity *= 2 }
        var slotTag = [UInt64](repeating: 0, count: capacity)
        var slotRules = [Range<Int32>](repeating: 0..<0, count: capacity)
        var rules: [Int32] = []
        for entry in keyed {
            let tag = Self.tag(group: entry.group, key: entry.key)
            var slot = Self.hash(tag) & (capacity - 1)
            while slotTag[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slotTag[slot] = tag
            slotRules[slot] = Int32(rules.count)..<Int32(rules.count + entry.rules.count)
            rules += entry.rules
        }
        self.groupStarts = groupStarts
        self.groupVariables = groupVariables
        self.groupStrides = groupStrides
        self.wideGroups = wideGroups
        self.slotTag = slotTag
        self.slotRules = slotRules
        self.mask = capacity - 1
        self.rules = rules
        self.targets = targets
        self.newValues = newValues
    }

    /// Packed keys must stay below this to share a tag with their group.
    private static let keyLimit = 1 << 40

    @inline(__always)
    private static func tag(group: Int, key: Int) -> UInt64 {
        UInt64(group + 1) << 40 | UInt64(key)
    }

    @inline(__always)
    private static func hash(_ tag: UInt64) -> Int {
        Int(truncatingIfNeeded: (tag &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// Appends the indices of the rules that fire for the given per-variable domain indices
    /// (-1 = null, never matches), ascending.
    func match(_ indices: [Int], into fired: inout [Int]) {
        let start = fired.count
        indices.withUnsafeBufferPointer { values in
            groupVariables.withUnsafeBufferPointer { variables in
                groupStrides.withUnsafeBufferPointer { strides in
                    groupStarts.withUnsafeBufferPointer { starts in
                        groupLoop: for group in 0..<(starts.count - 1) {
                            var key = 0
                            for k in starts[group]..<starts[group + 1] {
                                let index = values[variables[k]]
                                if index < 0 { continue groupLoop }
                                key += index * strides[k]
                            }
                            let tag = Self.tag(group: group, key: key)
                            var slot = Self.hash(tag) & mask
                            while true {
                                let occupant = slotTag[slot]
                                if occupant == 0 { break }
                                if occupant == tag {
                                    for r in slotRules[slot] { fired.append(Int(rules[Int(r)])) }
                                    break
                                }
                                slot = (slot + 1) & mask
                            }
                        }
                    }
                }
            }
        }
        wideLoop: for group in wideGroups {
            var key: [Int] = []
            key.reserveCapacity(group.variables.count)
            for v in group.variables {
                let index = indices[v]
                if index < 0 { continue wideLoop }
                key.append(index)
            }
            if let matched = group.table[key] { for r in matched { fired.append(Int(r)) } }
        }
        fired[start...].sort()
    }
}
