import ALTA
import Foundation

/// An `update:` block as an MLP function: run at one position, it reads variables directly
/// (a null read makes the assignment a don't-care for the rule generator) and writes with
/// `set`. The first diagnostic it raises is kept (`firstFailure`) so the elaborator can
/// report it at its place even though the generator wraps the error.
final class ALTAUpdateFunction: @unchecked Sendable {
    let file: String
    let source: String
    let schema: ALTASchema
    let constants: [String: ALTATextValue]
    let statements: [ALTAStatement]
    let enumerated: Set<String>?

    private let lock = NSLock()
    private var failure: ALTATextDiagnostic?

    init(file: String, source: String, schema: ALTASchema, constants: [String: ALTATextValue],
         statements: [ALTAStatement], enumerated: Set<String>?) {
        self.file = file
        self.source = source
        self.schema = schema
        self.constants = constants
        self.statements = statements
        self.enumerated = enumerated
    }

    /// The first diagnostic raised while running.
    var firstFailure: ALTATextDiagnostic? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// The MLP function.
    var function: ALTAMLPFunction {
        ALTAMLPFunction { [self] z in
            do {
                try run(statements, &z, locals: [:])
            } catch let diagnostic as ALTATextDiagnostic {
                lock.lock()
                if failure == nil { failure = diagnostic }
                lock.unlock()
                throw diagnostic
            }
        }
    }

    private func fail(_ message: String, at location: ALTASourceLocation) -> ALTATextDiagnostic {
        ALTATextDiagnostic(file: file, source: source, location: location, message: message)
    }

    private func evaluator(_ z: ALTAMLPContext, _ locals: [String: ALTATextValue]) -> ALTAExpressionEvaluator {
        ALTAExpressionEvaluator(file: file, source: source) { [self] name, location in
            if let value = locals[name] { return value }
            if let variable = schema.variable(named: name) {
                if let enumerated, !enumerated.contains(name) {
                    throw fail("the update reads '\(name)', which is not in its 'over' list", at: location)
                }
                switch variable.kind {
                case .categorical: return .int(try z.int(name))
                case .numerical: return .number(try z.number(name))
                case .set: return .set(try z.members(name))
                }
            }
            if let value = constants[name] { return value }
            throw fail("unknown variable '\(name)'", at: location)
        }
    }

    private func run(_ statements: [ALTAStatement], _ z: inout ALTAMLPContext, locals: [String: ALTATextValue]) throws {
        var locals = locals
        for statement in statements {
            switch statement.kind {
            case .forEach:
                throw fail("'for' loops belong in 'rules'", at: statement.location)
            case .when(let conditions, let body):
                let evaluator = self.evaluator(z, locals)
                var holds = true
                for (n, e) in conditions {
                    let wanted = try evaluator.evaluate(e)
                    let actual = try evaluator.evaluate(ALTAExpression(.name(n.text), at: n.location))
                    if (wanted.real != nil && wanted.real != actual.real) || (wanted.real == nil && wanted != actual) {
                        holds = false
                        break
                    }
                }
                if holds { try run(body, &z, locals: locals) }
            case .conditional(let branches, let otherwise):
                var taken = false
                for (condition, body) in branches {
                    let evaluator = self.evaluator(z, locals)
                    if try evaluator.truth(try evaluator.evaluate(condition), at: condition.location) {
                        try run(body, &z, locals: locals)
                        taken = true
                        break
                    }
                }
                if !taken, let otherwise { try run(otherwise, &z, locals: locals) }
            case .set(let n, let e):
                guard let variable = schema.variable(named: n.text) else { throw fail("unknown variable '\(n.text)'", at: n.location) }
                if let enumerated, !enumerated.contains(n.text) {
                    throw fail("the update sets '\(n.text)', which is not in its 'over' list", at: n.location)
                }
                let value = try evaluator(z, locals).evaluate(e)
                let converted = try ALTAElaborator(file: file, source: source)
                    .convert(value, to: variable, at: e.start)
                try z.set(n.text, to: converted)
            case .binding(let n, let e):
                locals[n.text] = try evaluator(z, locals).evaluate(e)
            case .pass:
                break
            }
        }
    }
}
