/// Shrinks a rule list without changing the transition it defines.
///
/// Rules are grouped by what they do (variable, old value, new value); within a group, rules
/// that differ in one atom whose values cover the variable's whole range are merged into one
/// rule without that atom, atoms that never matter are dropped, and rules covered by the others
/// are removed, until nothing changes. The minimised list fires the same updates as the
/// original on every state — every assignment of values, null included for variables that can
/// be null (head outputs, variables with a null default or init value, variables some rule
/// resets). The written variable's own atom (its old value) is always kept, because the
/// compiler subtracts the old value's encoding.
///
/// Rules of one update are kept pairwise disjoint, so that no state fires two rules writing
/// one variable (an interpreter error, and a doubled update in the compiled model). An update
/// whose original rules overlap — states where the original already fails with "updated by
/// several rules" — is left as written.
public enum ALTARuleMinimiser {
    /// The minimised version of `rules` (program rules, without the automatic resets) of a
    /// program with this schema. Throws if a rule is not valid for the schema.
    public static func minimise(_ rules: [ALTARule], schema: ALTASchema) throws -> [ALTARule] {
        for rule in rules { try ALTAProgram.validate(rule, in: schema) }
        let space = ALTACubeSpace(schema: schema,
                                  nullable: ALTACubeSpace.nullableVariables(schema: schema, rules: rules))
        var order: [ALTAUpdateKey] = []
        var cubes: [ALTAUpdateKey: [ALTACube]] = [:]
        for rule in rules {
            let (key, cube) = space.cube(of: rule)
            if cubes[key] == nil { order.append(key) }
            cubes[key, default: []].append(cube)
        }
        let groups = order.map { (key: $0, cubes: cubes[$0] ?? []) }
        let minimised = ALTACubeMinimiser(space: space).minimise(groups: groups, dontCare: [], joinOverlapping: false)
        return minimised.flatMap { group in group.cubes.map { space.rule(group.key, $0) } }
    }
}

extension ALTAProgram {
    /// This program with its rules minimised (`ALTARuleMinimiser`); the statistics record the
    /// count before and after. Function-form programs are returned unchanged.
    public func minimised() throws -> ALTAProgram {
        guard let ruleSet else { return self }
        let rules = try ALTARuleMinimiser.minimise(ruleSet.userRules, schema: schema)
        let statistics = ALTARuleStatistics(
            source: ruleSet.statistics.source,
            rulesBeforeMinimisation: ruleSet.statistics.rulesBeforeMinimisation,
            rulesAfterMinimisation: rules.count,
            resetRules: ruleSet.resetRules.count)
        return try ALTAProgram(name: name, schema: schema, userRules: rules, resetRules: ruleSet.resetRules,
                               statistics: statistics, output: output, halt: halt, sourceFunction: sourceFunction)
    }
}
