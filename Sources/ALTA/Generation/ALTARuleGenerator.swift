/// The result of generating rules from an MLP function.
public struct ALTARuleGeneration: Sendable {
    /// One rule per enumerated assignment without nulls and per variable the function changes,
    /// conditioned on the whole assignment — what the original's `program_spec(…,
    /// generate_rules=True)` produces (ALTA.md §6.2). Like the original's, these rules never
    /// fire when an enumerated variable is null.
    /// (Built on each access.)
    public var exhaustiveRules: [ALTARule] { exhaustive.map { space.rule($0.key, $0.cube) } }
    /// Number of `exhaustiveRules`.
    public var exhaustiveRuleCount: Int { exhaustive.count }
    /// The minimised rules (`nil` when minimisation was not asked for). They give the
    /// function's transition on every enumerated assignment, null values included, where the
    /// function is defined (does not read a null).
    public let minimisedRules: [ALTARule]?
    /// The variables enumerated (the others are free in every rule).
    public let enumeratedVariables: [String]
    /// Number of assignments the function was run on.
    public let enumeratedStates: Int
    /// Assignments where the function read a null (its transition is undefined there; the
    /// minimiser may use them as don't-cares).
    public let undefinedStates: Int

    let exhaustive: [(key: ALTAUpdateKey, cube: ALTACube)]
    let space: ALTACubeSpace
}

/// Turns an MLP function into rules by running it on every assignment of the enumerated
/// variables (ALTA.md §6.2), then optionally minimises them.
///
/// Enumerated values are each variable's domain (categorical range, bucket centres, listed
/// sets) plus null for variables that can be null (head outputs, null defaults or init values,
/// variables the function resets to null). Reading a null through `int`/`number`/`members`
/// makes the assignment a don't-care; inspecting null with `value`/`isNull` is an error (rules
/// cannot test for null), as is writing a variable that is null in the assignment.
public enum ALTARuleGenerator {
    /// Generates rules.
    ///
    /// - Parameters:
    ///   - enumerating: the variables the function may read and write (default: all). A
    ///     function reading or writing another variable fails with `notEnumerated` /
    ///     `writtenVariableNotEnumerated`.
    ///   - minimise: whether to compute `minimisedRules`.
    ///   - stateLimit: the largest number of assignments to enumerate.
    public static func generate(
        schema: ALTASchema, function: ALTAMLPFunction, enumerating names: [String]? = nil,
        minimise: Bool = true, stateLimit: Int = 5_000_000
    ) throws -> ALTARuleGeneration {
        var enumerated = [Bool](repeating: names == nil, count: schema.variables.count)
        if let names {
            for name in names {
                guard let v = schema.variableIndex(named: name) else {
                    throw ALTAError.unknownVariable(name, context: "rule generation variable list")
                }
                enumerated[v] = true
            }
        }
        for (v, variable) in schema.variables.enumerated() where enumerated[v] && variable.kind.domain == nil {
            throw ALTAError.noDomain(variable: variable.name)
        }
        var nullable = Set(schema.variables.indices.filter { schema.variables[$0].canStartNull })
        while true {
            let space = ALTACubeSpace(schema: schema, nullable: nullable)
            let pass = try enumerate(space: space, function: function, enumerated: enumerated, stateLimit: stateLimit)
            if !pass.newlyNullable.isSubset(of: nullable) {
                nullable.formUnion(pass.newlyNullable)
                continue
            }
            var minimised: [ALTARule]?
            if minimise {
                let groups = pass.order.map { (key: $0, cubes: pass.onSets[$0] ?? []) }
                let result = ALTACubeMinimiser(space: space).minimise(groups: groups, dontCare: pass.dontCare, joinOverlapping: true)
                minimised = result.flatMap { group in group.cubes.map { space.rule(group.key, $0) } }
            }
            return ALTARuleGeneration(
                minimisedRules: minimised,
                enumeratedVariables: schema.variables.indices.filter { enumerated[$0] }.map { schema.variables[$0].name },
                enumeratedStates: pass.states,
                undefinedStates: pass.dontCare.count,
                exhaustive: pass.exhaustive,
                space: space)
        }
    }

    private struct Pass {
        var exhaustive: [(key: ALTAUpdateKey, cube: ALTACube)] = []
        var order: [ALTAUpdateKey] = []
        var onSets: [ALTAUpdateKey: [ALTACube]] = [:]
        var dontCare: [ALTACube] = []
        var newlyNullable = Set<Int>()
        var states = 0
    }

    private static func enumerate(
        space: ALTACubeSpace, function: ALTAMLPFunction, enumerated: [Bool], stateLimit: Int
    ) throws -> Pass {
        let schema = space.schema
        let variables = schema.variables.indices.filter { enumerated[$0] }
        let total = variables.reduce(1.0) { $0 * Double(space.extendedSizes[$1]) }
        guard total <= Double(stateLimit) else { throw ALTAError.enumerationTooLarge(states: total, limit: stateLimit) }
        var pass = Pass()
        if variables.contains(where: { space.extendedSizes[$0] == 0 }) { return pass }
        var choice = [Int](repeating: 0, count: variables.count)
        var input = [ALTAValue?](repeating: nil, count: schema.variables.count)
        var cube = ALTACube(repeating: -1, count: schema.variables.count)
        while true {
            var hasNull = false
            for (k, v) in variables.enumerated() {
                let index = choice[k]
                cube[v] = Int32(index)
                if index < space.domains[v].count {
                    input[v] = space.domains[v][index]
                } else {
                    input[v] = nil
                    hasNull = true
                }
            }
            pass.states += 1
            var context = ALTAMLPContext(schema: schema, input: input, enumerated: enumerated, forbidNullInspection: true)
            do {
                try function.body(&context)
                for write in context.writes {
                    let old = input[write.variable]
                    if old == write.value { continue }
                    guard let old else {
                        throw ALTAError.generationWritesFromNull(
                            variable: schema.variables[write.variable].name, assignment: describe(input, variables, schema))
                    }
                    if write.value == nil { pass.newlyNullable.insert(write.variable) }
                    let key = ALTAUpdateKey(target: write.variable,
                                            old: Int32(space.domains[write.variable].firstIndex(of: old) ?? 0),
                                            new: write.value)
                    if pass.onSets[key] == nil { pass.order.append(key) }
                    if hasNull {
                        // The function did not read the null variables here, so the same update
                        // happens for all their values: free them.
                        var free = cube
                        for v in variables where input[v] == nil { free[v] = -1 }
                        pass.onSets[key, default: []].append(free)
                    } else {
                        pass.onSets[key, default: []].append(cube)
                        pass.exhaustive.append((key, cube))
                    }
                }
            } catch ALTAError.readNull {
                pass.dontCare.append(cube)
            } catch let error as ALTAError {
                switch error {
                case .generationWritesFromNull, .notEnumerated, .writtenVariableNotEnumerated, .generationObservedNull:
                    throw error
                default:
                    throw ALTAError.generationFailed(assignment: describe(input, variables, schema), reason: error.description)
                }
            } catch {
                throw ALTAError.generationFailed(assignment: describe(input, variables, schema), reason: "\(error)")
            }
            // Advance the odometer, last variable fastest.
            var k = variables.count - 1
            while k >= 0 {
                choice[k] += 1
                if choice[k] < space.extendedSizes[variables[k]] { break }
                choice[k] = 0
                k -= 1
            }
            if k < 0 { return pass }
        }
    }

    private static func describe(_ input: [ALTAValue?], _ variables: [Int], _ schema: ALTASchema) -> String {
        variables.map { "\(schema.variables[$0].name)=\(ALTAValue.format(input[$0]))" }.joined(separator: ", ")
    }
}

extension ALTAProgram {
    /// A rule-form program whose rules are generated from `function` (`ALTARuleGenerator`) and,
    /// by default, minimised. The statistics record the exhaustive count (as the original
    /// generates) and the minimised count; `sourceFunction` keeps the function.
    public init(
        name: String, schema: ALTASchema, generatingRulesFrom function: ALTAMLPFunction,
        enumerating variables: [String]? = nil, minimise: Bool = true, stateLimit: Int = 5_000_000,
        output: String, halt: ALTAHalt? = nil
    ) throws {
        try Self.validateOutputAndHalt(schema: schema, output: output, halt: halt)
        let resets = try Self.resetRules(for: schema)
        let generation = try ALTARuleGenerator.generate(schema: schema, function: function, enumerating: variables,
                                                        minimise: minimise, stateLimit: stateLimit)
        let rules = generation.minimisedRules ?? generation.exhaustiveRules
        let statistics = ALTARuleStatistics(source: .generated,
                                            rulesBeforeMinimisation: generation.exhaustiveRuleCount,
                                            rulesAfterMinimisation: generation.minimisedRules?.count,
                                            resetRules: resets.count)
        try self.init(name: name, schema: schema, userRules: rules, resetRules: resets, statistics: statistics,
                      output: output, halt: halt, sourceFunction: function)
    }
}
