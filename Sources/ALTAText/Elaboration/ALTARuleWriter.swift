import ALTA

/// Runs a `rules:` block through `MLPBuilder`: `for` is `forEach`, `when` is `when`, `set`
/// emits rules whose conditions are the variables bound so far, `if` tests values computed
/// from them. A rule may read only the variables an enclosing `for` or `when` binds.
final class ALTARuleWriter {
    let elaborator: ALTAElaborator
    let builder: MLPBuilder
    private var steps = 0

    init(elaborator: ALTAElaborator, schema: ALTASchema) {
        self.elaborator = elaborator
        self.builder = MLPBuilder(schema: schema)
    }

    func write(_ statements: [ALTAStatement]) throws(ALTATextDiagnostic) {
        do {
            try run(statements, locals: [:])
        } catch let diagnostic as ALTATextDiagnostic {
            throw diagnostic
        } catch {
            throw elaborator.fail("\(error)", at: statements.first?.location ?? ALTASourceLocation(line: 1, column: 1))
        }
    }

    private func evaluator(_ locals: [String: ALTATextValue]) -> ALTAExpressionEvaluator {
        let builder = self.builder
        let elaborator = self.elaborator
        return ALTAExpressionEvaluator(file: elaborator.file, source: elaborator.source) { name, location in
            if let value = locals[name] { return value }
            if builder.schema.variable(named: name) != nil {
                guard let value = builder.contextValue(name) else {
                    throw elaborator.fail("'\(name)' has no value here: a rule reads only the variables bound by an enclosing 'for' or 'when'", at: location)
                }
                return ALTATextValue(value)
            }
            if let value = elaborator.constant(name) { return value }
            throw elaborator.fail("unknown variable '\(name)'", at: location)
        }
    }

    /// Runs `body`, turning an `ALTAError` of the builder into a diagnostic at `location`.
    private func at(_ location: ALTASourceLocation, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ALTAError {
            throw elaborator.fail(error.description, at: location)
        }
    }

    private func run(_ statements: [ALTAStatement], locals: [String: ALTATextValue]) throws {
        var locals = locals
        for statement in statements {
            steps += 1
            guard steps <= elaborator.limits.maxRuleSteps else {
                throw elaborator.fail("the rules unroll into more than \(elaborator.limits.maxRuleSteps) steps", at: statement.location)
            }
            switch statement.kind {
            case .forEach(let names, let body):
                try at(statement.location) {
                    try builder.forEach(names.map(\.text)) { _ in try run(body, locals: locals) }
                }
            case .when(let conditions, let body):
                try when(conditions[...], body: body, locals: locals)
            case .conditional(let branches, let otherwise):
                let evaluator = self.evaluator(locals)
                var taken = false
                for (condition, body) in branches {
                    if try evaluator.truth(try evaluator.evaluate(condition), at: condition.location) {
                        try run(body, locals: locals)
                        taken = true
                        break
                    }
                }
                if !taken, let otherwise { try run(otherwise, locals: locals) }
            case .set(let n, let e):
                guard let variable = builder.schema.variable(named: n.text) else {
                    throw elaborator.unknownVariable(n, heads: [])
                }
                let value = try elaborator.convert(try evaluator(locals).evaluate(e), to: variable, at: e.start)
                try at(statement.location) { try builder.set(n.text, to: value) }
            case .binding(let n, let e):
                locals[n.text] = try evaluator(locals).evaluate(e)
            case .pass:
                break
            }
        }
    }

    private func when(_ conditions: ArraySlice<(ALTAName, ALTAExpression)>, body: [ALTAStatement],
                      locals: [String: ALTATextValue]) throws {
        guard let (n, e) = conditions.first else { return try run(body, locals: locals) }
        guard let variable = builder.schema.variable(named: n.text) else { throw elaborator.unknownVariable(n, heads: []) }
        guard let value = try elaborator.convert(try evaluator(locals).evaluate(e), to: variable, at: e.start) else {
            throw elaborator.fail("rules cannot test for null", at: e.location)
        }
        try at(n.location) {
            try builder.when(n.text, is: value) { try when(conditions.dropFirst(), body: body, locals: locals) }
        }
    }
}
