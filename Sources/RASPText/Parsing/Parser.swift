/// Parses ``Token``s into ``Statement``s with the REPL's grammar and precedence (RASP-TEXT
/// §4–5.2), except that a whole file is one input: several statements may share a line and
/// comments are whitespace (§3's recommendation).
///
/// Precedence, tightest first: postfix `e[i]` `e(args)`; prefix `not` `-` `+`; `^` (left);
/// `*` `/`; `%` (below `*`); `+` `-`; comparisons (no chaining); `and`/`or` (one level);
/// `x if c else y` (chains group to the left); `in` (loosest).
struct Parser {
    /// The deepest nesting of expressions accepted (deeper input is an error, not a crash).
    static let maxDepth = 200

    let file: SourceFile
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    /// How many `def`/`for` bodies enclose the current statement.
    private var blockDepth = 0
    /// Offsets (of the operator) of the expressions written in parentheses.
    private var parenthesized: Set<Int> = []
    /// Warnings where the REPL's precedence differs from Python's and the text has no
    /// parentheses to make the grouping clear (RASP-TEXT §5.2).
    private(set) var warnings: [Diagnostic] = []

    init(file: SourceFile) throws(Diagnostic) {
        self.file = file
        self.tokens = try Lexer(file: file).tokenize()
    }

    /// All statements of the file.
    mutating func parseFile() throws(Diagnostic) -> [Statement] {
        var statements: [Statement] = []
        while current.kind != .end {
            statements.append(try parseStatement(inFunction: false))
        }
        return statements
    }

    /// The current token's offset when tokens remain, else `nil`.
    var offsetOfRemainingText: Int? { current.kind == .end ? nil : current.offset }

    // MARK: Tokens

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func error(_ message: String, at offset: Int, _ kind: Diagnostic.Kind = .syntax) -> Diagnostic {
        Diagnostic(kind, message, at: file.location(ofOffset: offset), in: file)
    }

    private mutating func warn(_ message: String, at offset: Int) {
        warnings.append(Diagnostic(.precedence, message, at: file.location(ofOffset: offset), in: file, severity: .warning))
    }

    /// The operator and its offset of an expression not written in parentheses.
    private func bareOperator(_ expr: Expr) -> (String, Int)? {
        switch expr {
        case .binary(let op, _, _, let at), .unary(let op, _, let at):
            return parenthesized.contains(at) ? nil : (op, at)
        case .conditional(_, _, _, let at):
            return parenthesized.contains(at) ? nil : ("if", at)
        default:
            return nil
        }
    }

    private func unexpected(_ expected: String) -> Diagnostic {
        error("expected \(expected), found \(current.display)", at: current.offset)
    }

    private mutating func expectSymbol(_ symbol: String, _ what: String? = nil) throws(Diagnostic) {
        if symbol == ";", !current.isSymbol(";"), position > 0 {
            // A missing `;` is reported right after the statement, not at the next line's token.
            let previous = tokens[position - 1]
            let location = file.location(ofOffset: previous.offset + previous.length)
            if location.line < file.location(ofOffset: current.offset).line || current.kind == .end {
                throw error("expected \(what ?? "';'"), found \(current.display)", at: previous.offset + previous.length)
            }
        }
        guard current.isSymbol(symbol) else { throw unexpected(what ?? "'\(symbol)'") }
        _ = advance()
    }

    private mutating func expectIdentifier(_ what: String) throws(Diagnostic) -> (String, Int) {
        guard case .identifier(let name) = current.kind else {
            if case .keyword(let word) = current.kind, !word.hasSuffix("(") {
                throw error("'\(word)' is a keyword and cannot be used as a name", at: current.offset)
            }
            throw unexpected(what)
        }
        let offset = advance().offset
        return (name, offset)
    }

    // MARK: Statements

    private mutating func parseStatement(inFunction: Bool) throws(Diagnostic) -> Statement {
        let token = current
        switch token.kind {
        case .header(let text):
            guard blockDepth == 0 else {
                throw error("'#@' settings belong at the top level of the main file", at: token.offset, .header)
            }
            _ = advance()
            return .header(text, at: token.offset)
        case .keyword("def"):
            return .function(try parseFunction())
        case .keyword("for"):
            return try parseLoop(inFunction: inFunction)
        case .keyword("load"):
            _ = advance()
            guard case .string(let path) = current.kind else { throw unexpected("a file name in double quotes") }
            _ = advance()
            try expectSymbol(";", "';' after the load statement")
            return .load(path, at: token.offset)
        case .keyword("exit"), .keyword("quit"):
            _ = advance()
            if current.isSymbol("(") {
                _ = advance()
                try expectSymbol(")")
            }
            return .exit(at: token.offset)
        case .keyword("set"), .keyword("show"), .keyword("examples"), .keyword("example"), .keyword("selector"):
            throw error(
                "'\(replCommandText())' is a REPL command; it cannot be part of a compiled program",
                at: token.offset, .notCompilable)
        case .keyword("draw"):
            throw error("'draw' is REPL-only (it draws the computation graph); it cannot be compiled", at: token.offset, .notCompilable)
        case .keyword("return"):
            throw error(inFunction ? "'return' must be the last statement of a function" : "'return' outside a function", at: token.offset)
        case .identifier("full") where next.kind == .identifier("seq"):
            throw error(
                "'full seq display' is a REPL command; it cannot be part of a compiled program", at: token.offset, .notCompilable)
        default:
            break
        }
        if let names = try assignmentTargets() {
            let values = try parseExpressionList()
            try expectSymbol(";", "';' after the assignment")
            return .assignment(names: names, values: values, at: token.offset)
        }
        let expression = try parseExpression()
        if current.isSymbol(",") {
            throw error("a statement holds one expression; write 'name = a, b;' to bind a list", at: current.offset)
        }
        try expectSymbol(";", "';' after the expression")
        return .expression(expression, at: token.offset)
    }

    /// The words of a REPL command starting at the current token, up to the end of its line.
    private func replCommandText() -> String {
        let line = file.location(ofOffset: current.offset).line
        var words: [String] = []
        var i = position
        while i < tokens.count, tokens[i].kind != .end, file.location(ofOffset: tokens[i].offset).line == line, words.count < 3 {
            switch tokens[i].kind {
            case .keyword(let w), .identifier(let w): words.append(w)
            default: i = tokens.count
            }
            i += 1
        }
        return words.joined(separator: " ")
    }

    /// `a, b =` at the current position: the names (consumed), else `nil` (nothing consumed).
    private mutating func assignmentTargets() throws(Diagnostic) -> [(String, Int)]? {
        var i = position
        var names: [(String, Int)] = []
        while true {
            guard case .identifier(let name) = tokens[i].kind else { return nil }
            names.append((name, tokens[i].offset))
            i += 1
            if tokens[i].isSymbol("=") { break }
            guard tokens[i].isSymbol(",") else { return nil }
            i += 1
        }
        position = i + 1
        return names
    }

    private mutating func parseFunction() throws(Diagnostic) -> FunctionDefinition {
        _ = advance()
        let (name, at) = try expectIdentifier("a function name")
        try expectSymbol("(", "'(' after the function name")
        var parameters: [String] = []
        if !current.isSymbol(")") {
            while true {
                let (parameter, offset) = try expectIdentifier("a parameter name")
                if parameters.contains(parameter) { throw error("duplicate parameter '\(parameter)'", at: offset) }
                parameters.append(parameter)
                if current.isSymbol(",") { _ = advance() } else { break }
            }
        }
        try expectSymbol(")", "')' after the parameters")
        try expectSymbol("{", "'{' to start the function body")
        var body: [Statement] = []
        blockDepth += 1
        defer { blockDepth -= 1 }
        while !current.isKeyword("return") {
            if current.kind == .end || current.isSymbol("}") {
                throw error("function '\(name)' must end with a return statement", at: current.offset)
            }
            body.append(try parseStatement(inFunction: true))
        }
        _ = advance()
        let returns = try parseExpressionList()
        try expectSymbol(";", "';' after the return values")
        try expectSymbol("}", "'}' after the return statement")
        return FunctionDefinition(name: name, parameters: parameters, body: body, returns: returns, at: at)
    }

    private mutating func parseLoop(inFunction: Bool) throws(Diagnostic) -> Statement {
        let at = advance().offset
        let names = try parseLoopNames()
        let iterable = try parseExpression()
        try expectSymbol("{", "'{' to start the loop body")
        var body: [Statement] = []
        blockDepth += 1
        defer { blockDepth -= 1 }
        while !current.isSymbol("}") {
            if current.kind == .end { throw unexpected("'}' to close the loop") }
            body.append(try parseStatement(inFunction: inFunction))
        }
        _ = advance()
        if body.isEmpty { throw error("a loop body needs at least one statement", at: at) }
        return .loop(names: names, iterable: iterable, body: body, at: at)
    }

    private mutating func parseExpressionList() throws(Diagnostic) -> [Expr] {
        var values = [try parseExpression()]
        while current.isSymbol(",") {
            _ = advance()
            values.append(try parseExpression())
        }
        return values
    }

    // MARK: Expressions

    mutating func parseExpression() throws(Diagnostic) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maxDepth else {
            throw error("expression nested too deeply (more than \(Parser.maxDepth) levels)", at: current.offset)
        }
        var lhs = try parseConditional()
        while current.isKeyword("in") {
            let at = advance().offset
            let rhs = try parseConditional()
            lhs = .binary("in", lhs, rhs, at: at)
        }
        return lhs
    }

    private mutating func parseConditional() throws(Diagnostic) -> Expr {
        var value = try parseLogic()
        while current.isKeyword("if") {
            if bareOperator(value)?.0 == "if" {
                warn("conditionals chain to the left in RASP: 'x if a else y if b else z' is '(x if a else y) if b else z'; add parentheses", at: current.offset)
            }
            let at = advance().offset
            let condition = try parseExpression()
            guard current.isKeyword("else") else { throw unexpected("'else'") }
            _ = advance()
            let otherwise = try parseLogic()
            value = .conditional(then: value, condition: condition, otherwise: otherwise, at: at)
        }
        return value
    }

    private mutating func parseLogic() throws(Diagnostic) -> Expr {
        var lhs = try parseComparison()
        while current.isKeyword("and") || current.isKeyword("or") {
            let token = advance()
            guard case .keyword(let op) = token.kind else { break }
            if let (inner, _) = bareOperator(lhs), ["and", "or"].contains(inner), inner != op {
                warn("'and' and 'or' share one precedence level in RASP: 'a \(inner) b \(op) c' is '(a \(inner) b) \(op) c'; add parentheses", at: token.offset)
            }
            lhs = .binary(op, lhs, try parseComparison(), at: token.offset)
        }
        return lhs
    }

    private mutating func parseComparison() throws(Diagnostic) -> Expr {
        var lhs = try parseBinary(level: 0)
        while true {
            if current.isSymbol("!=") {
                throw error("'!=' is only a select operator; write 'not (a == b)'", at: current.offset)
            }
            guard case .symbol(let op) = current.kind, ["==", "<", ">", "<=", ">="].contains(op) else { return lhs }
            if let (inner, _) = bareOperator(lhs) {
                if ["==", "<", ">", "<=", ">="].contains(inner) {
                    warn("comparisons do not chain in RASP: 'a \(inner) b \(op) c' is '(a \(inner) b) \(op) c'; add parentheses", at: current.offset)
                } else if inner == "not" {
                    warn("'not' binds tighter than '\(op)' in RASP: 'not a \(op) b' is '(not a) \(op) b'; add parentheses", at: current.offset)
                }
            }
            let at = advance().offset
            lhs = .binary(op, lhs, try parseBinary(level: 0), at: at)
        }
    }

    /// Levels 0…3: `+ -`, `%`, `* /`, `^`, all left-associative.
    private static let binaryLevels: [Set<String>] = [["+", "-"], ["%"], ["*", "/"], ["^"]]

    private mutating func parseBinary(level: Int) throws(Diagnostic) -> Expr {
        guard level < Parser.binaryLevels.count else { return try parseUnary() }
        var lhs = try parseBinary(level: level + 1)
        while case .symbol(let op) = current.kind, Parser.binaryLevels[level].contains(op) {
            let at = advance().offset
            let rhs = try parseBinary(level: level + 1)
            if op == "%", let (inner, _) = bareOperator(rhs), inner == "*" || inner == "/" {
                warn("'%' binds more loosely than '*' and '/' in RASP: 'a % b \(inner) c' is 'a % (b \(inner) c)'; add parentheses", at: at)
            }
            lhs = .binary(op, lhs, rhs, at: at)
        }
        return lhs
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expr {
        if current.isKeyword("not") || current.isSymbol("-") || current.isSymbol("+") {
            let token = advance()
            let op: String
            switch token.kind {
            case .keyword(let k): op = k
            case .symbol(let s): op = s
            default: op = "?"
            }
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maxDepth else {
                throw error("expression nested too deeply (more than \(Parser.maxDepth) levels)", at: token.offset)
            }
            return .unary(op, try parseUnary(), at: token.offset)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(Diagnostic) -> Expr {
        var value = try parsePrimary()
        while true {
            if current.isSymbol("[") {
                let at = advance().offset
                let index = try parseExpression()
                try expectSymbol("]")
                value = .index(base: value, index: index, at: at)
            } else if current.isSymbol("(") {
                if case .name(let word, let nameAt) = value, Lexer.compoundCalls.contains(word) {
                    throw error("write '\(word)(' without a space: '\(word) (' is not the built-in", at: nameAt)
                }
                let at = advance().offset
                let arguments = try parseArguments(closing: ")")
                value = .call(callee: value, arguments: arguments, at: at)
            } else {
                return value
            }
        }
    }

    private mutating func parseArguments(closing: String) throws(Diagnostic) -> [Expr] {
        var arguments: [Expr] = []
        if current.isSymbol(closing) {
            _ = advance()
            return arguments
        }
        while true {
            arguments.append(try parseExpression())
            if current.isSymbol(",") {
                _ = advance()
                continue
            }
            try expectSymbol(closing, "',' or '\(closing)'")
            return arguments
        }
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let i):
            _ = advance()
            return .integer(i, at: token.offset)
        case .float(let d):
            _ = advance()
            return .float(d, at: token.offset)
        case .string(let s):
            _ = advance()
            return .string(s, at: token.offset)
        case .identifier(let name):
            _ = advance()
            return .name(name, at: token.offset)
        case .symbol("("):
            _ = advance()
            let inner = try parseExpression()
            if current.isSymbol(",") {
                // `(a, b, …)` (a trailing comma allowed, as in `(a,)`): a tuple.
                var elements = [inner]
                while current.isSymbol(",") {
                    _ = advance()
                    if current.isSymbol(")") { break }
                    elements.append(try parseExpression())
                }
                try expectSymbol(")", "',' or ')'")
                return .tuple(elements, at: token.offset)
            }
            try expectSymbol(")")
            switch inner {
            case .binary(_, _, _, let at), .unary(_, _, let at), .conditional(_, _, _, let at): parenthesized.insert(at)
            default: break
            }
            return inner
        case .symbol("["):
            _ = advance()
            if current.isSymbol("]") {
                _ = advance()
                return .list([], at: token.offset)
            }
            let first = try parseExpression()
            if current.isKeyword("for") {
                let (names, iterable) = try parseComprehensionTail()
                try expectSymbol("]")
                return .listComprehension(element: first, names: names, iterable: iterable, at: token.offset)
            }
            var elements = [first]
            while current.isSymbol(",") {
                _ = advance()
                elements.append(try parseExpression())
            }
            try expectSymbol("]", "',' or ']'")
            return .list(elements, at: token.offset)
        case .symbol("{"):
            _ = advance()
            if current.isSymbol("}") {
                _ = advance()
                return .dict([], at: token.offset)
            }
            let key = try parseExpression()
            try expectSymbol(":")
            let value = try parseExpression()
            if current.isKeyword("for") {
                let (names, iterable) = try parseComprehensionTail()
                try expectSymbol("}")
                return .dictComprehension(key: key, value: value, names: names, iterable: iterable, at: token.offset)
            }
            var entries = [(key: key, value: value)]
            while current.isSymbol(",") {
                _ = advance()
                let k = try parseExpression()
                try expectSymbol(":")
                entries.append((key: k, value: try parseExpression()))
            }
            try expectSymbol("}", "',' or '}'")
            return .dict(entries, at: token.offset)
        case .keyword("select("):
            _ = advance()
            let keys = try parseExpression()
            try expectSymbol(",")
            let queries = try parseExpression()
            try expectSymbol(",")
            guard case .symbol(let op) = current.kind, ["==", "!=", "<", ">", "<=", ">="].contains(op) else {
                throw unexpected("a comparison (==, !=, <, >, <=, >=) as select's third argument")
            }
            _ = advance()
            try expectSymbol(")")
            return .select(keys: keys, queries: queries, op: op, at: token.offset)
        case .keyword("aggregate("):
            _ = advance()
            let arguments = try parseArguments(closing: ")")
            guard arguments.count == 2 || arguments.count == 3 else {
                throw error(
                    "aggregate takes 2 or 3 arguments (selector, values [, default]), got \(arguments.count)",
                    at: token.offset, .argumentCount)
            }
            return .aggregate(
                selector: arguments[0], values: arguments[1], defaultValue: arguments.count == 3 ? arguments[2] : nil,
                at: token.offset)
        case .keyword("range("), .keyword("zip("), .keyword("len("):
            _ = advance()
            guard case .keyword(let word) = token.kind else { throw unexpected("an expression") }
            return .builtin(String(word.dropLast()), try parseArguments(closing: ")"), at: token.offset)
        case .keyword("round"), .keyword("indicator"):
            _ = advance()
            guard case .keyword(let word) = token.kind else { throw unexpected("an expression") }
            try expectSymbol("(", "'(' after '\(word)'")
            return .builtin(word, try parseArguments(closing: ")"), at: token.offset)
        case .keyword(let word) where !word.hasSuffix("("):
            if ["set", "show", "examples", "example", "selector", "draw"].contains(word) {
                throw error("'\(word)' is REPL-only; it cannot be part of a compiled program", at: token.offset, .notCompilable)
            }
            throw unexpected("an expression")
        default:
            throw unexpected("an expression")
        }
    }

    /// `name, name, … in` of a `for` loop or a comprehension: the names, with `in` consumed.
    private mutating func parseLoopNames() throws(Diagnostic) -> [String] {
        var names: [String] = []
        while true {
            names.append(try expectIdentifier("a loop variable").0)
            if current.isSymbol(",") { _ = advance() } else { break }
        }
        guard current.isKeyword("in") else { throw unexpected("'in'") }
        _ = advance()
        return names
    }

    private mutating func parseComprehensionTail() throws(Diagnostic) -> ([String], Expr) {
        _ = advance()
        let names = try parseLoopNames()
        // The iterable stops before `]`/`}`; `in` is not allowed inside it unparenthesised.
        let iterable = try parseConditional()
        return (names, iterable)
    }
}
