/// Parses the tokens of an `.alta` file into declarations (see the grammar in README.md).
public struct ALTAParser {
    private let file: String
    private let source: String
    private let tokens: [ALTAToken]
    private var position = 0
    private var depth = 0

    /// The deepest nesting of expressions and blocks accepted (deeper input is refused, so
    /// that no input can exhaust the stack).
    public static let maxDepth = 64

    /// A parser over `source` (lexed here).
    public init(file: String, source: String) throws(ALTATextDiagnostic) {
        self.file = file
        self.source = source
        self.tokens = try ALTALexer(file: file, source: source).tokens()
    }

    /// Parses the whole file.
    public static func parse(file: String, source: String) throws(ALTATextDiagnostic) -> [ALTADeclaration] {
        var parser = try ALTAParser(file: file, source: source)
        return try parser.parseFile()
    }

    // MARK: helpers

    private var current: ALTAToken { tokens[min(position, tokens.count - 1)] }

    private func fail(_ message: String, at location: ALTASourceLocation) -> ALTATextDiagnostic {
        ALTATextDiagnostic(file: file, source: source, location: location, message: message)
    }

    private func unexpected(_ expected: String) -> ALTATextDiagnostic {
        fail("expected \(expected), found \(current.display)", at: current.location)
    }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }
    private func isKeyword(_ word: String) -> Bool { current.kind == .identifier(word) }

    private mutating func accept(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        guard isKeyword(word) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ symbol: String) throws(ALTATextDiagnostic) {
        guard accept(symbol) else { throw unexpected("'\(symbol)'") }
    }

    private mutating func expectKeyword(_ word: String) throws(ALTATextDiagnostic) {
        guard acceptKeyword(word) else { throw unexpected("'\(word)'") }
    }

    private mutating func name(_ what: String) throws(ALTATextDiagnostic) -> ALTAName {
        guard case .identifier(let text) = current.kind, !Self.reserved.contains(text) else {
            throw unexpected(what)
        }
        let result = ALTAName(text, at: current.location)
        advance()
        return result
    }

    private mutating func endOfLine() throws(ALTATextDiagnostic) {
        guard current.kind == .newline || current.kind == .end else { throw unexpected("end of line") }
        advance()
    }

    private mutating func enter() throws(ALTATextDiagnostic) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels", at: current.location) }
    }

    /// Words that cannot name a variable.
    static let reserved: Set<String> = [
        "and", "or", "not", "if", "elif", "else", "for", "in", "when", "set", "let", "pass", "null", "true", "false",
    ]

    // MARK: declarations

    mutating func parseFile() throws(ALTATextDiagnostic) -> [ALTADeclaration] {
        var declarations: [ALTADeclaration] = []
        while current.kind != .end {
            if current.kind == .newline { advance(); continue }
            declarations.append(try declaration())
        }
        return declarations
    }

    private mutating func declaration() throws(ALTATextDiagnostic) -> ALTADeclaration {
        let location = current.location
        guard case .identifier(let keyword) = current.kind else {
            if current.kind == .indent { throw fail("unexpected indentation", at: location) }
            throw unexpected("a declaration (program, vocabulary, positions, const, var, head, output, halt, layers, rules, update, input)")
        }
        switch keyword {
        case "program":
            advance()
            let n = try name("a program name")
            try endOfLine()
            return ALTADeclaration(.program(n), at: location)
        case "vocabulary", "positions":
            advance()
            let e = try expression()
            try endOfLine()
            return ALTADeclaration(keyword == "vocabulary" ? .vocabulary(e) : .positions(e), at: location)
        case "const":
            advance()
            let n = try name("a constant name")
            try expect("=")
            let e = try expression()
            try endOfLine()
            return ALTADeclaration(.constant(n, e), at: location)
        case "var":
            advance()
            let n = try name("a variable name")
            try expect(":")
            let kind = try kindSyntax()
            var initialiser = ALTAInitialiserSyntax.none
            if accept("=") {
                initialiser = .constant(try expression())
            } else if acceptKeyword("from") {
                if acceptKeyword("token") {
                    initialiser = .token(accept(":") ? try expression() : nil)
                } else if acceptKeyword("position") {
                    initialiser = .position(accept(":") ? try expression() : nil)
                } else {
                    throw unexpected("'token' or 'position'")
                }
            }
            try endOfLine()
            return ALTADeclaration(.variable(n, kind, initialiser), at: location)
        case "head":
            advance()
            let n = try name("a head output name")
            try expect("=")
            let function = current
            if acceptKeyword("qkv") {
                try expect("(")
                let query = try name("a query variable")
                try expect(",")
                let key = try name("a key variable")
                try expect(",")
                let value = try name("a value variable")
                try expect(")")
                let mask = acceptKeyword("mask") ? try expression() : nil
                let output = acceptKeyword("as") ? try kindSyntax() : nil
                try endOfLine()
                return ALTADeclaration(.qkvHead(n, query: query, key: key, value: value, mask: mask, output: output), at: location)
            }
            if acceptKeyword("v_relative") || acceptKeyword("relative") {
                try expect("(")
                let value = try name("a value variable")
                try expect(",")
                let offset = try expression()
                try expect(")")
                try endOfLine()
                return ALTADeclaration(.relativeHead(n, value: value, offset: offset), at: location)
            }
            throw fail("expected 'qkv(query, key, value)' or 'v_relative(value, offset)', found \(function.display)", at: function.location)
        case "layers":
            advance()
            var atMost = false
            if acceptKeyword("at") {
                try expectKeyword("most")
                atMost = true
            }
            let e = try expression()
            try endOfLine()
            return ALTADeclaration(.layers(atMost: atMost, e), at: location)
        case "output":
            advance()
            let n = try name("the output variable")
            try endOfLine()
            return ALTADeclaration(.output(n), at: location)
        case "halt":
            advance()
            try expectKeyword("when")
            let n = try name("a variable")
            guard accept("=") || accept("==") else { throw unexpected("'='") }
            let e = try expression()
            try endOfLine()
            return ALTADeclaration(.halt(n, e), at: location)
        case "rules":
            advance()
            try expect(":")
            return ALTADeclaration(.mlp(.rules, try block()), at: location)
        case "update":
            advance()
            var mode = "minimised"
            if case .identifier(let word) = current.kind, ["minimised", "exhaustive", "function"].contains(word) {
                mode = word
                advance()
            }
            var over: [ALTAName]?
            if acceptKeyword("over") {
                var names = [try name("a variable")]
                while accept(",") { names.append(try name("a variable")) }
                over = names
            }
            try expect(":")
            return ALTADeclaration(.mlp(.update(mode: mode, over: over), try block()), at: location)
        case "input":
            advance()
            let split = try name("'characters' or 'words'")
            guard split.text == "characters" || split.text == "words" else {
                throw fail("expected 'characters' or 'words', found '\(split.text)'", at: split.location)
            }
            let skipped = acceptKeyword("skip") ? try expression() : nil
            try expectKeyword("tokens")
            let pieces = try expression()
            let prefix = acceptKeyword("prefix") ? try expression() : nil
            let suffix = acceptKeyword("suffix") ? try expression() : nil
            var padLength: ALTAExpression?
            var padPiece: ALTAExpression?
            if acceptKeyword("pad") {
                padLength = try expression()
                try expectKeyword("with")
                padPiece = try expression()
            }
            try endOfLine()
            return ALTADeclaration(.encoding(ALTAEncodingSyntax(
                split: split, skipped: skipped, pieces: pieces, prefix: prefix, suffix: suffix,
                padLength: padLength, padPiece: padPiece)), at: location)
        default:
            throw fail("unknown declaration '\(keyword)' (expected program, vocabulary, positions, const, var, head, output, halt, layers, rules, update or input)", at: location)
        }
    }

    private mutating func kindSyntax() throws(ALTATextDiagnostic) -> ALTAKindSyntax {
        if acceptKeyword("categorical") { return .categorical(range: try expression()) }
        if acceptKeyword("numerical") {
            if current.kind == .newline || current.kind == .end || isSymbol("=") || isKeyword("from") {
                return .numerical(buckets: nil)
            }
            return .numerical(buckets: try expression())
        }
        if acceptKeyword("set") {
            let range = try expression()
            let values = acceptKeyword("values") ? try expression() : nil
            return .set(range: range, values: values)
        }
        throw unexpected("a kind (categorical, numerical or set)")
    }

    // MARK: statements

    /// `NEWLINE INDENT statement+ DEDENT`, or one simple statement on the same line.
    private mutating func block() throws(ALTATextDiagnostic) -> [ALTAStatement] {
        try enter()
        defer { depth -= 1 }
        if current.kind != .newline {
            let s = try statement()
            return [s]
        }
        advance()
        guard current.kind == .indent else { throw fail("expected an indented block after ':'", at: current.location) }
        advance()
        var statements: [ALTAStatement] = []
        while current.kind != .dedent && current.kind != .end {
            statements.append(try statement())
        }
        advance()
        return statements
    }

    private mutating func statement() throws(ALTATextDiagnostic) -> ALTAStatement {
        let location = current.location
        guard case .identifier(let keyword) = current.kind else {
            if current.kind == .indent { throw fail("unexpected indentation", at: location) }
            throw unexpected("a statement (for, when, if, set, let or pass)")
        }
        switch keyword {
        case "for":
            advance()
            var names = [try name("a variable")]
            while accept(",") { names.append(try name("a variable")) }
            try expect(":")
            return ALTAStatement(.forEach(names, try block()), at: location)
        case "when":
            advance()
            var conditions: [(ALTAName, ALTAExpression)] = []
            repeat {
                let n = try name("a variable")
                guard accept("=") || accept("==") else { throw unexpected("'='") }
                conditions.append((n, try expression(allowAnd: false)))
            } while acceptKeyword("and")
            try expect(":")
            return ALTAStatement(.when(conditions, try block()), at: location)
        case "if":
            advance()
            var branches: [(ALTAExpression, [ALTAStatement])] = []
            let condition = try expression()
            try expect(":")
            branches.append((condition, try block()))
            var otherwise: [ALTAStatement]?
            while true {
                if acceptKeyword("elif") {
                    let c = try expression()
                    try expect(":")
                    branches.append((c, try block()))
                } else if acceptKeyword("else") {
                    try expect(":")
                    otherwise = try block()
                    break
                } else {
                    break
                }
            }
            return ALTAStatement(.conditional(branches, otherwise: otherwise), at: location)
        case "set":
            advance()
            let n = try name("a variable")
            try expect("=")
            let e = try expression()
            try endOfLine()
            return ALTAStatement(.set(n, e), at: location)
        case "let":
            advance()
            let n = try name("a name")
            try expect("=")
            let e = try expression()
            try endOfLine()
            return ALTAStatement(.binding(n, e), at: location)
        case "pass":
            advance()
            try endOfLine()
            return ALTAStatement(.pass, at: location)
        default:
            throw fail("expected a statement (for, when, if, set, let or pass), found '\(keyword)'", at: location)
        }
    }

    // MARK: expressions

    /// `or` < `and` < `not` < comparison < `+ - ^` < `* / // %` < unary `-` < postfix; the
    /// conditional `a if c else b` binds loosest.
    mutating func expression(allowAnd: Bool = true) throws(ALTATextDiagnostic) -> ALTAExpression {
        try enter()
        defer { depth -= 1 }
        let value = allowAnd ? try disjunction() : try comparison()
        if isKeyword("if") {
            let location = current.location
            advance()
            let condition = try disjunction()
            try expectKeyword("else")
            let otherwise = try expression(allowAnd: allowAnd)
            return ALTAExpression(.conditional(then: value, condition: condition, otherwise: otherwise), at: location)
        }
        return value
    }

    private mutating func disjunction() throws(ALTATextDiagnostic) -> ALTAExpression {
        var left = try conjunction()
        while isKeyword("or") {
            let location = current.location
            advance()
            left = ALTAExpression(.binary("or", left, try conjunction()), at: location)
        }
        return left
    }

    private mutating func conjunction() throws(ALTATextDiagnostic) -> ALTAExpression {
        var left = try negation()
        while isKeyword("and") {
            let location = current.location
            advance()
            left = ALTAExpression(.binary("and", left, try negation()), at: location)
        }
        return left
    }

    private mutating func negation() throws(ALTATextDiagnostic) -> ALTAExpression {
        if isKeyword("not") {
            let location = current.location
            advance()
            try enter()
            defer { depth -= 1 }
            return ALTAExpression(.unary("not", try negation()), at: location)
        }
        return try comparison()
    }

    private mutating func comparison() throws(ALTATextDiagnostic) -> ALTAExpression {
        let left = try additive()
        for op in ["==", "!=", "<=", ">=", "<", ">"] where isSymbol(op) {
            let location = current.location
            advance()
            return ALTAExpression(.binary(op, left, try additive()), at: location)
        }
        return left
    }

    private mutating func additive() throws(ALTATextDiagnostic) -> ALTAExpression {
        var left = try multiplicative()
        while let op = ["+", "-", "^"].first(where: isSymbol) {
            let location = current.location
            advance()
            left = ALTAExpression(.binary(op, left, try multiplicative()), at: location)
        }
        return left
    }

    private mutating func multiplicative() throws(ALTATextDiagnostic) -> ALTAExpression {
        var left = try unary()
        while let op = ["*", "//", "/", "%"].first(where: isSymbol) {
            let location = current.location
            advance()
            left = ALTAExpression(.binary(op, left, try unary()), at: location)
        }
        return left
    }

    private mutating func unary() throws(ALTATextDiagnostic) -> ALTAExpression {
        if isSymbol("-") {
            let location = current.location
            advance()
            try enter()
            defer { depth -= 1 }
            return ALTAExpression(.unary("-", try unary()), at: location)
        }
        return try primary()
    }

    private mutating func primary() throws(ALTATextDiagnostic) -> ALTAExpression {
        let token = current
        let location = token.location
        switch token.kind {
        case .integer(let value):
            advance()
            return ALTAExpression(.integer(value), at: location)
        case .number(let value):
            advance()
            return ALTAExpression(.number(value), at: location)
        case .string(let text):
            advance()
            return ALTAExpression(.string(text), at: location)
        case .identifier(let word):
            switch word {
            case "true", "false":
                advance()
                return ALTAExpression(.boolean(word == "true"), at: location)
            case "null":
                advance()
                return ALTAExpression(.null, at: location)
            default:
                guard !Self.reserved.contains(word) else { throw unexpected("an expression") }
                advance()
                if accept("(") {
                    var arguments: [ALTAExpression] = []
                    if !isSymbol(")") {
                        repeat { arguments.append(try expression()) } while accept(",")
                    }
                    try expect(")")
                    return ALTAExpression(.call(word, arguments), at: location)
                }
                return ALTAExpression(.name(word), at: location)
            }
        case .symbol("("):
            advance()
            let inner = try expression()
            try expect(")")
            return inner
        case .symbol("{"):
            advance()
            let elements = try elements(closing: "}")
            return ALTAExpression(.set(elements), at: location)
        case .symbol("["):
            advance()
            if accept("]") { return ALTAExpression(.list([]), at: location) }
            let first = try expression()
            if acceptKeyword("for") {
                let variable = try name("a name")
                try expectKeyword("in")
                let from = try additive()
                try expect("..")
                let through = try additive()
                try expect("]")
                return ALTAExpression(.comprehension(element: first, variable: variable.text, from: from, through: through), at: location)
            }
            var elements = [try element(startingWith: first)]
            if accept(",") { elements += try self.elements(closing: "]") } else { try expect("]") }
            return ALTAExpression(.list(elements), at: location)
        default:
            throw unexpected("an expression")
        }
    }

    private mutating func element(startingWith first: ALTAExpression) throws(ALTATextDiagnostic) -> ALTACollectionElement {
        if accept("..") { return .range(first, try expression()) }
        return .single(first)
    }

    /// Elements up to and including `closing` (a trailing comma is allowed).
    private mutating func elements(closing: String) throws(ALTATextDiagnostic) -> [ALTACollectionElement] {
        var result: [ALTACollectionElement] = []
        while !accept(closing) {
            result.append(try element(startingWith: try expression()))
            if !accept(",") {
                try expect(closing)
                break
            }
        }
        return result
    }
}
