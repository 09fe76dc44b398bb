import RASP

/// Definition-time evaluation of expressions (RASP-TEXT §5): meta values are computed,
/// s-op and selector expressions are lowered through ``SOpLowering``.
extension Elaborator {
    func evaluate(_ expr: Expr, in scope: Scope, file: SourceFile) throws -> MetaValue {
        let value = try evaluateUncounted(expr, in: scope, file: file)
        let node: RASPExpr?
        switch value {
        case .sop(let sop): node = .sop(sop)
        case .selector(let selector): node = .selector(selector)
        default: node = nil
        }
        if let node, builtIDs.insert(node.id).inserted {
            builtNodes.append(node)
            origins[node.id] = (file, expr.start)
            guard builtNodes.count <= Elaborator.maxNodes else {
                throw diagnostic(
                    .programTooLarge, "the program builds more than \(Elaborator.maxNodes) s-ops and selectors",
                    at: expr.start, in: file)
            }
        }
        return value
    }

    private func evaluateUncounted(_ expr: Expr, in scope: Scope, file: SourceFile) throws -> MetaValue {
        steps += 1
        guard steps <= Elaborator.maxSteps else {
            throw diagnostic(
                .programTooLarge, "the program takes more than \(Elaborator.maxSteps) steps to build; is a recursion or loop too large?",
                at: expr.start, in: file)
        }
        switch expr {
        case .integer(let i, _): return .atom(.int(i))
        case .float(let d, _): return .atom(.float(d))
        case .string(let s, _): return .atom(.string(s))
        case .name(let name, let at):
            if name == "out" {
                throw diagnostic(.notCompilable, "'out' is the REPL's last result; a program must name its values", at: at, in: file)
            }
            guard let value = scope.lookup(name) else {
                throw diagnostic(.unknownName, "unknown name '\(name)'", at: at, in: file)
            }
            if let type = tokenPrimitives[name], type != .string { tokenType = type }
            return value
        case .list(let elements, _):
            var values: [MetaValue] = []
            for element in elements { values.append(try evaluate(element, in: scope, file: file)) }
            return .list(values)
        case .tuple(let elements, _):
            var values: [Value] = []
            for element in elements {
                values.append(try atom(try evaluate(element, in: scope, file: file), "a tuple's element", at: element.start, file: file))
            }
            return .atom(.tuple(values))
        case .dict(let entries, _):
            var result: [(key: Value, value: MetaValue)] = []
            for entry in entries {
                let key = try atom(try evaluate(entry.key, in: scope, file: file), "a dict key", at: entry.key.start, file: file)
                let value = try evaluate(entry.value, in: scope, file: file)
                if let index = result.firstIndex(where: { $0.key == key }) { result[index].value = value } else { result.append((key, value)) }
            }
            return .dict(result)
        case .listComprehension(let element, let names, let iterableExpr, let at):
            let iterable = try evaluate(iterableExpr, in: scope, file: file)
            var values: [MetaValue] = []
            for item in try iterationElements(iterable, at: iterableExpr.start, file: file) {
                let inner = Scope(parent: scope)
                try bindLoopNames(names, item, at: at, in: inner, file: file)
                values.append(try evaluate(element, in: inner, file: file))
            }
            return .list(values)
        case .dictComprehension(let keyExpr, let valueExpr, let names, let iterableExpr, let at):
            let iterable = try evaluate(iterableExpr, in: scope, file: file)
            var result: [(key: Value, value: MetaValue)] = []
            for item in try iterationElements(iterable, at: iterableExpr.start, file: file) {
                let inner = Scope(parent: scope)
                try bindLoopNames(names, item, at: at, in: inner, file: file)
                let key = try atom(try evaluate(keyExpr, in: inner, file: file), "a dict key", at: keyExpr.start, file: file)
                let value = try evaluate(valueExpr, in: inner, file: file)
                if let index = result.firstIndex(where: { $0.key == key }) { result[index].value = value } else { result.append((key, value)) }
            }
            return .dict(result)
        case .select(let keysExpr, let queriesExpr, let op, _):
            let keys = try evaluate(keysExpr, in: scope, file: file)
            let queries = try evaluate(queriesExpr, in: scope, file: file)
            return .selector(try lowerSelect(keys, keysExpr.start, queries, queriesExpr.start, op, file: file))
        case .aggregate(let selectorExpr, let valuesExpr, let defaultExpr, let at):
            let selector = try evaluate(selectorExpr, in: scope, file: file)
            let values = try evaluate(valuesExpr, in: scope, file: file)
            var defaultValue: Value?
            if let defaultExpr {
                let d = try evaluate(defaultExpr, in: scope, file: file)
                guard case .atom(let v) = d else {
                    throw diagnostic(.type, "an aggregate's default must be a constant, not \(d.kindName)", at: defaultExpr.start, in: file)
                }
                defaultValue = v
            }
            return .sop(try lowerAggregate(
                selector, at: selectorExpr.start, values, valuesAt: valuesExpr.start, default: defaultValue,
                hasDefault: defaultExpr != nil, aggregateAt: at, defaultAt: defaultExpr?.start, file: file))
        case .builtin(let name, let arguments, let at):
            return try evaluateBuiltin(name, arguments, at: at, in: scope, file: file)
        case .call(let calleeExpr, let argumentExprs, let at):
            let callee = try evaluate(calleeExpr, in: scope, file: file)
            var arguments: [MetaValue] = []
            for argument in argumentExprs { arguments.append(try evaluate(argument, in: scope, file: file)) }
            return try call(callee, arguments, argumentExprs, calleeAt: calleeExpr.start, at: at, file: file)
        case .index(let baseExpr, let indexExpr, let at):
            let base = try evaluate(baseExpr, in: scope, file: file)
            let index = try evaluate(indexExpr, in: scope, file: file)
            return try lowerIndex(base, index, at: at, indexAt: indexExpr.start, file: file)
        case .unary(let op, let operandExpr, let at):
            let operand = try evaluate(operandExpr, in: scope, file: file)
            return try lowerUnary(op, operand, at: at, file: file)
        case .binary(let op, let lhsExpr, let rhsExpr, let at):
            let lhs = try evaluate(lhsExpr, in: scope, file: file)
            let rhs = try evaluate(rhsExpr, in: scope, file: file)
            return try lowerBinary(op, lhs, lhsExpr.start, rhs, rhsExpr.start, at: at, file: file)
        case .conditional(let thenExpr, let conditionExpr, let otherwiseExpr, let at):
            let condition = try evaluate(conditionExpr, in: scope, file: file)
            switch condition {
            case .atom(let c):
                // An atom condition picks one branch lazily (§5.6), which allows recursion.
                return try evaluate(c.isTruthy ? thenExpr : otherwiseExpr, in: scope, file: file)
            case .sop(let c):
                let then = try evaluate(thenExpr, in: scope, file: file)
                let otherwise = try evaluate(otherwiseExpr, in: scope, file: file)
                return .sop(try lowerConditional(c, then, thenExpr.start, otherwise, otherwiseExpr.start, file: file))
            case .list, .dict:
                let c = condition.listCount.map { $0 > 0 } ?? { if case .dict(let e) = condition { return !e.isEmpty } else { return true } }()
                return try evaluate(c ? thenExpr : otherwiseExpr, in: scope, file: file)
            case .selector:
                throw diagnostic(.selectorWhereSOpNeeded, "a selector cannot be a condition; an s-op or a constant is needed", at: conditionExpr.start, in: file)
            case .function:
                _ = at
                return try evaluate(thenExpr, in: scope, file: file)
            }
        }
    }

    /// The atom in `value`, or an error naming `what` was expected.
    func atom(_ value: MetaValue, _ what: String, at offset: Int, file: SourceFile) throws(Diagnostic) -> Value {
        guard case .atom(let v) = value else {
            throw diagnostic(.type, "\(what) must be a constant, not \(value.kindName)", at: offset, in: file)
        }
        return v
    }

    /// Runs a meta-level Python operation, turning its error into a diagnostic at `offset`.
    func meta<T>(at offset: Int, file: SourceFile, _ body: () throws -> T) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw diagnostic(.type, String(describing: error), at: offset, in: file)
        }
    }

    // MARK: Calls

    func call(_ callee: MetaValue, _ arguments: [MetaValue], _ argumentExprs: [Expr], calleeAt: Int, at: Int, file: SourceFile) throws -> MetaValue {
        switch callee {
        case .function(let function):
            if let arity = function.arity, arity != arguments.count {
                let noun = arity == 1 ? "argument" : "arguments"
                throw diagnostic(.argumentCount, "'\(function.name)' takes \(arity) \(noun), got \(arguments.count)", at: calleeAt, in: file)
            }
            switch function.body {
            case .builtin(let builtin):
                return try callBuiltin(builtin, arguments, argumentExprs, at: calleeAt, file: file)
            case .user(let definition, let definitionFile):
                guard callDepth < Elaborator.maxCallDepth else {
                    throw diagnostic(.type, "calls nested too deeply (more than \(Elaborator.maxCallDepth)); is the recursion unbounded?", at: calleeAt, in: file)
                }
                callDepth += 1
                callSites.append((file, calleeAt, function.name))
                defer {
                    callDepth -= 1
                    callSites.removeLast()
                }
                let scope = Scope(parent: function.scope ?? base)
                for (parameter, argument) in zip(definition.parameters, arguments) { scope.bind(parameter, argument) }
                for statement in definition.body {
                    try executeInFunction(statement, in: scope, file: definitionFile)
                }
                var results: [MetaValue] = []
                for expr in definition.returns { results.append(try evaluate(expr, in: scope, file: definitionFile)) }
                return results.count == 1 ? results[0] : .list(results)
            }
        case .sop, .selector:
            throw diagnostic(
                .notCompilable, "applying \(callee.kindName) to an input is REPL-only; give inputs to 'alta eval' instead",
                at: calleeAt, in: file)
        default:
            throw diagnostic(.type, "\(callee.kindName) cannot be called", at: calleeAt, in: file)
        }
    }

    private func executeInFunction(_ statement: Statement, in scope: Scope, file: SourceFile) throws {
        try run([statement], in: scope, file: file, topLevel: false)
    }

    func callBuiltin(_ builtin: BuiltinFunction, _ arguments: [MetaValue], _ exprs: [Expr], at: Int, file: SourceFile) throws -> MetaValue {
        switch builtin {
        case .selectorWidth:
            let selector = try requireSelector(arguments[0], at: exprs[0].start, file: file, for: "selector_width")
            return .sop(SelectorWidth(selector))
        case .numerical, .categorical:
            let sop = try requireSOp(arguments[0], at: exprs[0].start, file: file, for: builtin.rawValue)
            if builtin == .numerical {
                return .sop(numerical(sop))
            }
            return .sop(categorical(sop))
        case .aggregateSum:
            let selector = try requireSelector(arguments[0], at: exprs[0].start, file: file, for: "aggregate_sum")
            let values = try requireSOp(arguments[1], at: exprs[1].start, file: file, for: "aggregate_sum")
            return .sop(numerical(Sum(selector, values)))
        case .selectAll:
            return .selector(Select(indices, indices, .true))
        case .selectNone:
            return .selector(Select(indices, indices, .false))
        case .str:
            let value = try atom(arguments[0], "str's argument", at: exprs[0].start, file: file)
            return .atom(.string(value.description))
        case .mapTable:
            // The printed form of a Map (`alta print`): its function as a table of its values.
            let table = try functionTable(arguments[0], at: exprs[0].start, file: file)
            let sop = try requireSOp(arguments[1], at: exprs[1].start, file: file, for: "map_table")
            return .sop(Map({ x in try Self.look(x, up: table) }, sop, simplify: false))
        case .sequenceMapTable:
            guard case .dict(let rows) = arguments[0] else {
                throw diagnostic(.type, "a table must be a dict, not \(arguments[0].kindName)", at: exprs[0].start, in: file)
            }
            var table: [Value: [Value: Value]] = [:]
            for row in rows { table[row.key] = try functionTable(row.value, at: exprs[0].start, file: file) }
            let inner = table
            let fst = try requireSOp(arguments[1], at: exprs[1].start, file: file, for: "sequence_map_table")
            let snd = try requireSOp(arguments[2], at: exprs[2].start, file: file, for: "sequence_map_table")
            return .sop(SequenceMap({ x, y in
                guard let row = inner[x] else { throw RASPValueError.typeError("no table entry for \(x)") }
                return try Self.look(y, up: row)
            }, fst, snd))
        case .linearSequenceMap:
            let fst = try requireSOp(arguments[0], at: exprs[0].start, file: file, for: "linear_sequence_map")
            let snd = try requireSOp(arguments[1], at: exprs[1].start, file: file, for: "linear_sequence_map")
            let a = try atom(arguments[2], "a coefficient", at: exprs[2].start, file: file)
            let b = try atom(arguments[3], "a coefficient", at: exprs[3].start, file: file)
            return .sop(LinearSequenceMap(fst, snd, a, b))
        case .selectWhere:
            let keys = try requireSOp(arguments[0], at: exprs[0].start, file: file, for: "select_where")
            let queries = try requireSOp(arguments[1], at: exprs[1].start, file: file, for: "select_where")
            guard case .atom(.string(let name)) = arguments[2], let comparison = Comparison(tracrName: name) else {
                throw diagnostic(.type, "select_where takes a comparison name (EQ, LT, LEQ, GT, GEQ, NEQ, TRUE, FALSE)", at: exprs[2].start, in: file)
            }
            return .selector(Select(keys, queries, comparison))
        case .selectTable:
            // The printed form of a select with a custom predicate: its table, and its description.
            let keys = try requireSOp(arguments[0], at: exprs[0].start, file: file, for: "select_table")
            let queries = try requireSOp(arguments[1], at: exprs[1].start, file: file, for: "select_table")
            guard case .dict(let rows) = arguments[2] else {
                throw diagnostic(.type, "a table must be a dict, not \(arguments[2].kindName)", at: exprs[2].start, in: file)
            }
            var table: [Value: [Value: Value]] = [:]
            for row in rows { table[row.key] = try functionTable(row.value, at: exprs[2].start, file: file) }
            let frozen = table
            guard case .atom(.string(let text)) = arguments[3] else {
                throw diagnostic(.type, "select_table's description must be a string", at: exprs[3].start, in: file)
            }
            return .selector(Select(keys, queries, .custom(description: text) { k, q in
                guard let row = frozen[k], case .bool(let holds)? = row[q] else {
                    throw RASPValueError.typeError("no table entry for (\(k), \(q))")
                }
                return holds
            }))
        case .selectorAnd, .selectorOr:
            let fst = try requireSelector(arguments[0], at: exprs[0].start, file: file, for: builtin.rawValue)
            let snd = try requireSelector(arguments[1], at: exprs[1].start, file: file, for: builtin.rawValue)
            return .selector(builtin == .selectorAnd ? SelectorAnd(fst, snd) : SelectorOr(fst, snd))
        case .selectorNot:
            return .selector(SelectorNot(try requireSelector(arguments[0], at: exprs[0].start, file: file, for: "selector_not")))
        case .named:
            let name = try atom(arguments[1], "a name", at: exprs[1].start, file: file)
            guard case .string(let text) = name else {
                throw diagnostic(.type, "a name must be a string, not \(arguments[1].kindName)", at: exprs[1].start, in: file)
            }
            switch arguments[0] {
            case .sop(let sop): return .sop(sop.named(text))
            case .selector(let selector): return .selector(selector.named(text))
            default:
                throw diagnostic(.type, "only s-ops and selectors can be named, not \(arguments[0].kindName)", at: exprs[0].start, in: file)
            }
        }
    }

    func evaluateBuiltin(_ name: String, _ argumentExprs: [Expr], at: Int, in scope: Scope, file: SourceFile) throws -> MetaValue {
        var arguments: [MetaValue] = []
        for expr in argumentExprs { arguments.append(try evaluate(expr, in: scope, file: file)) }
        func requireCount(_ counts: ClosedRange<Int>) throws(Diagnostic) {
            guard counts.contains(arguments.count) else {
                let expected = counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
                throw diagnostic(.argumentCount, "'\(name)' takes \(expected) argument\(counts.upperBound == 1 ? "" : "s"), got \(arguments.count)", at: at, in: file)
            }
        }
        switch name {
        case "round", "indicator":
            try requireCount(1...1)
            switch arguments[0] {
            case .atom(let v):
                if name == "indicator" {
                    throw diagnostic(.type, "indicator needs an s-op, not \(arguments[0].kindName)", at: argumentExprs[0].start, in: file)
                }
                return .atom(try meta(at: at, file: file) { try ElementOperations.round(v) })
            case .sop(let s):
                if name == "round" { return .sop(Map({ x in try ElementOperations.round(x) }, s)) }
                let result = Map({ x in ElementOperations.indicator(x) }, s)
                zeroOne.insert(result.id)
                return .sop(result)
            default:
                throw notAnSOp(arguments[0], at: argumentExprs[0].start, file: file, for: name)
            }
        case "range":
            try requireCount(1...3)
            var ints: [Int] = []
            for (value, expr) in zip(arguments, argumentExprs) {
                guard case .atom(.int(let i)) = value else {
                    throw diagnostic(.type, "range takes ints, not \(value.kindName)", at: expr.start, in: file)
                }
                ints.append(i)
            }
            let (start, stop, step) = ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count == 3 ? ints[2] : 1)
            guard step != 0 else { throw diagnostic(.type, "range step must not be zero", at: at, in: file) }
            // Computed in Double so that extreme bounds cannot overflow.
            let span = step > 0 ? Double(stop) - Double(start) : Double(start) - Double(stop)
            let exactCount = span <= 0 ? 0 : (span / abs(Double(step))).rounded(.up)
            guard exactCount <= Double(Elaborator.maxRange) else {
                throw diagnostic(.valueSetTooLarge, "range of \(exactCount >= 1e15 ? "too many" : String(Int(exactCount))) values is too large (at most \(Elaborator.maxRange))", at: at, in: file)
            }
            let count = Int(exactCount)
            guard count <= Elaborator.maxRange else {
                throw diagnostic(.valueSetTooLarge, "range of \(count) values is too large (at most \(Elaborator.maxRange))", at: at, in: file)
            }
            return .list((0..<count).map { .atom(.int(start + $0 * step)) })
        case "zip":
            var lists: [[MetaValue]] = []
            for (value, expr) in zip(arguments, argumentExprs) {
                guard case .list(let elements) = value else {
                    throw diagnostic(.type, "zip takes lists, not \(value.kindName)", at: expr.start, in: file)
                }
                lists.append(elements)
            }
            guard let first = lists.first else { return .list([]) }
            guard lists.allSatisfy({ $0.count == first.count }) else {
                throw diagnostic(.type, "zip needs lists of equal length", at: at, in: file)
            }
            return .list((0..<first.count).map { i in .list(lists.map { $0[i] }) })
        case "len":
            try requireCount(1...1)
            switch arguments[0] {
            case .list(let elements): return .atom(.int(elements.count))
            case .atom(.string(let s)): return .atom(.int(s.count))
            default:
                throw diagnostic(.type, "len takes a list or a string, not \(arguments[0].kindName)", at: argumentExprs[0].start, in: file)
            }
        default:
            throw diagnostic(.unknownName, "unknown built-in '\(name)'", at: at, in: file)
        }
    }
}

extension Elaborator {
    /// A dict argument of `map_table`/`sequence_map_table` (atoms to atoms) as a lookup table.
    func functionTable(_ value: MetaValue, at offset: Int, file: SourceFile) throws -> [Value: Value] {
        guard case .dict(let items) = value else {
            throw diagnostic(.type, "a table must be a dict, not \(value.kindName)", at: offset, in: file)
        }
        var table: [Value: Value] = [:]
        for item in items {
            guard case .atom(let v) = item.value else {
                throw diagnostic(.type, "a table's values must be atoms, not \(item.value.kindName)", at: offset, in: file)
            }
            table[item.key] = v
        }
        return table
    }

    /// The table's value for `x`.
    static func look(_ x: Value, up table: [Value: Value]) throws -> Value? {
        guard let y = table[x] else { throw RASPValueError.typeError("no table entry for \(x)") }
        return y
    }
}
