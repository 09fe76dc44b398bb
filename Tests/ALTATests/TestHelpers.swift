import ALTA

/// Every assignment of values to a schema's variables: each variable's domain, plus null for
/// the listed nullable variables. Variables without a finite domain are left null.
func allAssignments(_ schema: ALTASchema, nullable: Set<String>) -> [[ALTAValue?]] {
    var choices: [[ALTAValue?]] = []
    for variable in schema.variables {
        var values: [ALTAValue?] = (variable.kind.domain ?? []).map { $0 }
        if nullable.contains(variable.name) || values.isEmpty { values.append(nil) }
        choices.append(values)
    }
    var result: [[ALTAValue?]] = [[]]
    for values in choices {
        result = result.flatMap { prefix in values.map { prefix + [$0] } }
    }
    return result
}

/// Names of the head outputs of a schema.
func headOutputs(_ schema: ALTASchema) -> Set<String> {
    Set(schema.heads.map(\.output))
}

/// The MLP transition of `program` at one position's MLP input: the declared variables after
/// the MLP, or `nil` when the MLP fails there (a function reading a null, conflicting rules).
func transition(_ program: ALTAProgram, _ input: [ALTAValue?]) -> [ALTAValue?]? {
    transition(ALTAInterpreter(program: program), input)
}

/// `transition(_:_:)` with a prepared interpreter (rule indexing is done once).
func transition(_ interpreter: ALTAInterpreter, _ input: [ALTAValue?]) -> [ALTAValue?]? {
    let state = ALTAState(variableNames: interpreter.program.schema.variableNames, length: 1, values: input)
    guard let (after, _) = try? interpreter.applyMLP(state, layer: 0) else { return nil }
    return Array(after.row(0))
}

/// The values of one variable of a traced run after each layer (column `Lkb`).
func afterEachLayer(_ run: ALTARun, _ variable: String) -> [[ALTAValue?]] {
    guard let trace = run.trace, let v = trace.initial.variableIndex(variable) else { return [] }
    return trace.layers.map { layer in (0..<layer.afterMLP.length).map { layer.afterMLP[$0, v] } }
}

/// Integers as optional categorical values, for comparing outputs.
func ints(_ values: [Int]) -> [ALTAValue?] { values.map { .int($0) } }
