import ALTA

/// Checks the names of an MLP block before it runs, so that a misspelt name is reported even
/// where no rule would reach it: every name read is a variable, a constant or a local; `set`
/// targets are declared variables (not head outputs); `for` appears only in `rules`.
struct ALTANameChecker {
    let elaborator: ALTAElaborator
    let schema: ALTASchema
    let form: ALTAMLPSyntaxForm

    func check(_ statements: [ALTAStatement], locals: Set<String>) throws(ALTATextDiagnostic) {
        var locals = locals
        for statement in statements {
            switch statement.kind {
            case .forEach(let names, let body):
                if case .update = form {
                    throw elaborator.fail("'for' loops belong in 'rules'; an update reads variables directly", at: statement.location)
                }
                for n in names { try variable(n) }
                try check(body, locals: locals)
            case .when(let conditions, let body):
                for (n, e) in conditions {
                    try variable(n)
                    try names(in: e, locals: locals)
                }
                try check(body, locals: locals)
            case .conditional(let branches, let otherwise):
                for (condition, body) in branches {
                    try names(in: condition, locals: locals)
                    try check(body, locals: locals)
                }
                if let otherwise { try check(otherwise, locals: locals) }
            case .set(let n, let e):
                let v = try variable(n)
                guard case .declared = v.role else {
                    throw elaborator.fail("'\(n.text)' is an attention-head output; only the automatic reset rules change it", at: n.location)
                }
                try names(in: e, locals: locals)
            case .binding(let n, let e):
                try names(in: e, locals: locals)
                if schema.variable(named: n.text) != nil {
                    throw elaborator.fail("'\(n.text)' is a variable; choose another name for the local value", at: n.location)
                }
                locals.insert(n.text)
            case .pass:
                break
            }
        }
    }

    @discardableResult
    private func variable(_ n: ALTAName) throws(ALTATextDiagnostic) -> ALTAVariable {
        guard let v = schema.variable(named: n.text), v.role != .relativeQK else {
            throw elaborator.unknownVariable(n, heads: [])
        }
        return v
    }

    private func names(in e: ALTAExpression, locals: Set<String>) throws(ALTATextDiagnostic) {
        switch e.kind {
        case .integer, .number, .string, .boolean, .null: break
        case .name(let name):
            if locals.contains(name) || schema.variable(named: name) != nil || elaborator.isConstant(name) { return }
            throw elaborator.fail("unknown variable '\(name)'", at: e.location)
        case .unary(_, let x): try names(in: x, locals: locals)
        case .binary(_, let a, let b):
            try names(in: a, locals: locals)
            try names(in: b, locals: locals)
        case .conditional(let a, let c, let b):
            try names(in: a, locals: locals)
            try names(in: c, locals: locals)
            try names(in: b, locals: locals)
        case .call(_, let args): for a in args { try names(in: a, locals: locals) }
        case .set(let elements), .list(let elements):
            for element in elements {
                switch element {
                case .single(let x): try names(in: x, locals: locals)
                case .range(let a, let b):
                    try names(in: a, locals: locals)
                    try names(in: b, locals: locals)
                }
            }
        case .comprehension(let element, let variable, let from, let through):
            try names(in: from, locals: locals)
            try names(in: through, locals: locals)
            try names(in: element, locals: locals.union([variable]))
        }
    }
}
