import ALTA

/// Turns parsed declarations into an `ALTAProgram`: evaluates constants, resolves names,
/// checks kinds and ranges (each variable and head is checked by `ALTASchema` as soon as it
/// is declared, so an error points at it), builds rules through `MLPBuilder` or generates
/// them from an update through `ALTARuleGenerator`.
struct ALTAElaborator {
    let file: String
    let source: String
    let limits: ALTATextLimits

    private var constants: [String: ALTATextValue] = [:]
    private var declared: [String: ALTASourceLocation] = [:]

    init(file: String, source: String, limits: ALTATextLimits = ALTATextLimits()) {
        self.file = file
        self.source = source
        self.limits = limits
    }

    func fail(_ message: String, at location: ALTASourceLocation) -> ALTATextDiagnostic {
        ALTATextDiagnostic(file: file, source: source, location: location, message: message)
    }

    /// Runs `body`, turning any error that is not already a diagnostic into one at `location`.
    func located<T>(_ location: ALTASourceLocation, _ body: () throws -> T) throws(ALTATextDiagnostic) -> T {
        do {
            return try body()
        } catch let diagnostic as ALTATextDiagnostic {
            throw diagnostic
        } catch {
            throw fail("\(error)", at: location)
        }
    }

    /// An evaluator over constants and the given extra names.
    func evaluator(_ extra: [String: ALTATextValue] = [:]) -> ALTAExpressionEvaluator {
        let constants = self.constants
        let file = self.file
        let source = self.source
        return ALTAExpressionEvaluator(file: file, source: source) { name, location in
            if let value = extra[name] ?? constants[name] { return value }
            throw ALTATextDiagnostic(file: file, source: source, location: location, message: "unknown name '\(name)'")
        }
    }

    func evaluate(_ expression: ALTAExpression, _ extra: [String: ALTATextValue] = [:]) throws(ALTATextDiagnostic) -> ALTATextValue {
        try located(expression.location) { try evaluator(extra).evaluate(expression) }
    }

    func integer(_ expression: ALTAExpression) throws(ALTATextDiagnostic) -> Int {
        let value = try evaluate(expression)
        guard case .int(let v) = value else { throw fail("expected an integer, found \(value)", at: expression.location) }
        return v
    }

    /// Whether `name` is a constant.
    func isConstant(_ name: String) -> Bool { constants[name] != nil }

    /// The value of a constant.
    func constant(_ name: String) -> ALTATextValue? { constants[name] }

    private mutating func declare(_ name: ALTAName) throws(ALTATextDiagnostic) {
        if let first = declared[name.text] {
            throw fail("'\(name.text)' is already declared at \(first)", at: name.location)
        }
        declared[name.text] = name.location
    }

    // MARK: program

    /// The layer budget the file declares (`layers …`), read by `elaborate`.
    private(set) var layerLimit: ALTALayerLimit?

    mutating func elaborate(_ declarations: [ALTADeclaration]) throws(ALTATextDiagnostic) -> (ALTAProgram, ALTATextEncoding?) {
        var singles: [String: ALTADeclaration] = [:]
        func single(_ key: String, _ d: ALTADeclaration) throws(ALTATextDiagnostic) {
            if let first = singles[key] {
                throw fail("the program has two '\(key)' declarations (the first at \(first.location))", at: d.location)
            }
            singles[key] = d
        }
        // Pass 1: constants in order, and the one-per-program declarations.
        var programName = "program"
        var vocabularyExpression: ALTAExpression?
        var positionsExpression: ALTAExpression?
        for d in declarations {
            switch d.kind {
            case .program(let n):
                try single("program", d)
                programName = n.text
            case .vocabulary(let e):
                try single("vocabulary", d)
                vocabularyExpression = e
            case .positions(let e):
                try single("positions", d)
                positionsExpression = e
            case .constant(let n, let e):
                try declare(n)
                constants[n.text] = try evaluate(e)
            case .output: try single("output", d)
            case .halt: try single("halt", d)
            case .mlp: try single("rules/update", d)
            case .encoding: try single("input", d)
            case .layers: try single("layers", d)
            case .variable, .qkvHead, .relativeHead: break
            }
        }
        let start = declarations.first?.location ?? ALTASourceLocation(line: 1, column: 1)
        guard let vocabularyExpression else {
            throw fail("the program declares no vocabulary (write 'vocabulary N', the number of token ids)", at: start)
        }
        let vocabulary = try integer(vocabularyExpression)
        guard vocabulary >= 1, vocabulary <= limits.maxTableSize else {
            throw fail("the vocabulary must be 1...\(limits.maxTableSize) token ids, got \(vocabulary)", at: vocabularyExpression.location)
        }
        var positions: Int?
        if let positionsExpression {
            let n = try integer(positionsExpression)
            guard n >= 1, n <= limits.maxTableSize else {
                throw fail("the position table must have 1...\(limits.maxTableSize) positions, got \(n)", at: positionsExpression.location)
            }
            positions = n
        }

        // Pass 2: variables, then heads, each checked as it is declared.
        var variables: [ALTAVariableDeclaration] = []
        var heads: [ALTAHeadDeclaration] = []
        var locations: [String: ALTASourceLocation] = [:]
        for d in declarations {
            switch d.kind {
            case .variable(let n, let kindSyntax, let initialiser):
                try declare(n)
                let kind = try self.kind(kindSyntax)
                let declaration = try variable(n, kind: kind, initialiser: initialiser, vocabulary: vocabulary, positions: positions)
                variables.append(declaration)
                locations[n.text] = n.location
                _ = try located(n.location) {
                    try ALTASchema(inputRange: vocabulary, positionRange: positions, variables: variables)
                }
            default: break
            }
        }
        let variableKinds = Dictionary(variables.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
        for d in declarations {
            let head: ALTAHeadDeclaration
            let output: ALTAName
            switch d.kind {
            case .qkvHead(let n, let query, let key, let value, let mask, let outputKind):
                for v in [query, key, value] where variableKinds[v.text] == nil {
                    throw unknownVariable(v, heads: heads)
                }
                var offsets = Set<Int>()
                if let mask {
                    let value = try evaluate(mask)
                    guard case .set(let s) = value else {
                        throw fail("a mask is a set of relative offsets such as {-1}, found \(value)", at: mask.location)
                    }
                    offsets = s
                }
                head = .qkv(n.text, query: query.text, key: key.text, value: value.text, mask: offsets,
                            outputKind: try outputKind.map { k throws(ALTATextDiagnostic) in try self.kind(k) })
                output = n
            case .relativeHead(let n, let value, let offset):
                if variableKinds[value.text] == nil { throw unknownVariable(value, heads: heads) }
                head = .relative(n.text, value: value.text, offset: try integer(offset))
                output = n
            default:
                continue
            }
            try declare(output)
            heads.append(head)
            locations[output.text] = output.location
            _ = try located(output.location) {
                try ALTASchema(inputRange: vocabulary, positionRange: positions, variables: variables, heads: heads)
            }
        }
        let schema = try located(start) {
            try ALTASchema(inputRange: vocabulary, positionRange: positions, variables: variables, heads: heads)
        }

        // Pass 3: output, halting, MLP, encoding.
        var outputName: ALTAName?
        var halt: ALTAHalt?
        var encoding: ALTATextEncoding?
        for d in declarations {
            switch d.kind {
            case .output(let n):
                guard schema.variable(named: n.text) != nil else { throw unknownVariable(n, heads: []) }
                outputName = n
            case .halt(let n, let e):
                guard let variable = schema.variable(named: n.text) else { throw unknownVariable(n, heads: []) }
                guard let value = try convert(try evaluate(e), to: variable, at: e.start) else {
                    throw fail("the halting value cannot be null", at: e.location)
                }
                halt = ALTAHalt(n.text, equals: value)
            case .encoding(let syntax):
                encoding = try self.encoding(syntax, vocabulary: vocabulary)
            case .layers(let atMost, let e):
                let n = try integer(e)
                guard n >= 0, n <= 1_000_000 else { throw fail("layers must be 0...1000000, got \(n)", at: e.start) }
                layerLimit = atMost ? .untilHalt(maxLayers: n) : .exactly(n)
            default: break
            }
        }
        guard let outputName else {
            throw fail("the program declares no output variable (write 'output NAME')", at: start)
        }
        let mlp = declarations.first { if case .mlp = $0.kind { return true } else { return false } }
        guard let mlp, case .mlp(let form, let statements) = mlp.kind else {
            return (try located(start) {
                try ALTAProgram(name: programName, schema: schema, rules: [], output: outputName.text, halt: halt)
            }, encoding)
        }
        let checker = ALTANameChecker(elaborator: self, schema: schema, form: form)
        try checker.check(statements, locals: [])
        switch form {
        case .rules:
            let writer = ALTARuleWriter(elaborator: self, schema: schema)
            try writer.write(statements)
            let rules = writer.builder.rules
            return (try located(mlp.location) {
                try ALTAProgram(name: programName, schema: schema, rules: rules, output: outputName.text, halt: halt)
            }, encoding)
        case .update(let mode, let over):
            var enumerated: [String]?
            if let over {
                var names: [String] = []
                for n in over {
                    guard schema.variable(named: n.text) != nil else { throw unknownVariable(n, heads: []) }
                    names.append(n.text)
                }
                enumerated = names
            }
            let update = ALTAUpdateFunction(file: file, source: source, schema: schema, constants: constants,
                                            statements: statements, enumerated: enumerated.map(Set.init))
            if mode == "function" {
                return (try located(mlp.location) {
                    try ALTAProgram(name: programName, schema: schema, function: update.function, output: outputName.text, halt: halt)
                }, encoding)
            }
            do {
                return (try ALTAProgram(name: programName, schema: schema, generatingRulesFrom: update.function,
                                        enumerating: enumerated, minimise: mode == "minimised",
                                        stateLimit: limits.maxEnumeratedStates,
                                        output: outputName.text, halt: halt), encoding)
            } catch {
                if let diagnostic = update.firstFailure {
                    if case ALTAError.generationFailed(let assignment, _) = error {
                        throw fail("\(diagnostic.message) (for \(assignment))", at: diagnostic.location)
                    }
                    throw diagnostic
                }
                throw fail("\(error)", at: mlp.location)
            }
        }
    }

    func unknownVariable(_ name: ALTAName, heads: [ALTAHeadDeclaration]) -> ALTATextDiagnostic {
        if constants[name.text] != nil {
            return fail("'\(name.text)' is a constant, not a variable", at: name.location)
        }
        if heads.contains(where: { $0.output == name.text }) {
            return fail("'\(name.text)' is a head output; heads read declared variables only", at: name.location)
        }
        return fail("unknown variable '\(name.text)'", at: name.location)
    }

    // MARK: variables

    /// A categorical or set range: 1 through `limits.maxTableSize`.
    func range(_ expression: ALTAExpression) throws(ALTATextDiagnostic) -> Int {
        let r = try integer(expression)
        guard r >= 1, r <= limits.maxTableSize else {
            throw fail("a range must be 1...\(limits.maxTableSize), got \(r)", at: expression.start)
        }
        return r
    }

    func kind(_ syntax: ALTAKindSyntax) throws(ALTATextDiagnostic) -> ALTAVariableKind {
        switch syntax {
        case .categorical(let range):
            return .categorical(range: try self.range(range))
        case .numerical(let buckets):
            guard let buckets else { return .numerical(buckets: nil) }
            let value = try evaluate(buckets)
            guard case .list(let items) = value else {
                throw fail("buckets are a list of numbers such as [0, 1], found \(value)", at: buckets.location)
            }
            var centres: [Double] = []
            for item in items {
                guard let x = item.real else { throw fail("a bucket is a number, found \(item)", at: buckets.location) }
                centres.append(x)
            }
            return .numerical(buckets: centres)
        case .set(let range, let values):
            let r = try self.range(range)
            guard let values else { return .set(range: r, values: nil) }
            let value = try evaluate(values)
            guard case .list(let items) = value else {
                throw fail("set values are a list of sets such as [{0}, {0, 1}], found \(value)", at: values.location)
            }
            var sets: [Set<Int>] = []
            for item in items {
                guard case .set(let s) = item else { throw fail("a set value is a set, found \(item)", at: values.location) }
                sets.append(s)
            }
            return .set(range: r, values: sets)
        }
    }

    /// `value` as a value of a variable of `kind`, `nil` for null; errors name a wrong kind
    /// or a value out of range.
    func convert(_ value: ALTATextValue, kind: ALTAVariableKind, variable: String, at location: ALTASourceLocation)
        throws(ALTATextDiagnostic) -> ALTAValue?
    {
        let result: ALTAValue
        switch (kind, value) {
        case (_, .null): return nil
        case (.categorical, .int(let v)): result = .int(v)
        case (.numerical, .int(let v)): result = .number(Double(v))
        case (.numerical, .number(let x)): result = .number(x)
        case (.set, .set(let s)): result = .set(s)
        default:
            throw fail("'\(variable)' is \(Self.describe(kind)), but the value is \(value)", at: location)
        }
        guard kind.accepts(result) else {
            throw fail("\(result) is out of range for '\(variable)' (\(Self.describe(kind)))", at: location)
        }
        return result
    }

    func convert(_ value: ALTATextValue, to variable: ALTAVariable, at location: ALTASourceLocation) throws(ALTATextDiagnostic) -> ALTAValue? {
        try convert(value, kind: variable.kind, variable: variable.name, at: location)
    }

    /// `categorical 0..<2`, `numerical`, `a set of 0..<16`.
    static func describe(_ kind: ALTAVariableKind) -> String {
        switch kind {
        case .categorical(let range): return "categorical 0..<\(range)"
        case .numerical(let buckets): return buckets.map { "numerical with buckets \($0)" } ?? "numerical"
        case .set(let range, let values):
            return "a set of 0..<\(range)" + (values.map { " (one of \($0.count) listed sets)" } ?? "")
        }
    }

    private func variable(
        _ name: ALTAName, kind: ALTAVariableKind, initialiser: ALTAInitialiserSyntax, vocabulary: Int, positions: Int?
    ) throws(ALTATextDiagnostic) -> ALTAVariableDeclaration {
        func table(_ count: Int, _ binding: String, _ expression: ALTAExpression?) throws(ALTATextDiagnostic) -> [ALTAValue?] {
            var values: [ALTAValue?] = []
            for i in 0..<count {
                let value: ALTATextValue = try expression.map { e throws(ALTATextDiagnostic) in try evaluate(e, [binding: .int(i)]) } ?? .int(i)
                do {
                    values.append(try convert(value, kind: kind, variable: name.text,
                                              at: expression?.start ?? name.location))
                } catch {
                    throw fail("\(error.message) (for \(binding) \(i))", at: error.location)
                }
            }
            return values
        }
        switch initialiser {
        case .none:
            let defaultValue: ALTAValue
            switch kind {
            case .categorical: defaultValue = .int(0)
            case .numerical: defaultValue = .number(0)
            case .set: defaultValue = .set([])
            }
            return ALTAVariableDeclaration(name: name.text, kind: kind, defaultValue: defaultValue)
        case .constant(let e):
            return ALTAVariableDeclaration(name: name.text, kind: kind,
                                           defaultValue: try convert(try evaluate(e), kind: kind, variable: name.text, at: e.start))
        case .token(let e):
            let values = try table(vocabulary, "token", e)
            return ALTAVariableDeclaration(name: name.text, kind: kind, defaultValue: nil,
                                           initialiser: .token { values.indices.contains($0) ? values[$0] : nil })
        case .position(let e):
            guard let positions else {
                throw fail("'\(name.text)' starts from the position, but the program has no position table (write 'positions N')",
                           at: e?.location ?? name.location)
            }
            let values = try table(positions, "position", e)
            return ALTAVariableDeclaration(name: name.text, kind: kind, defaultValue: nil,
                                           initialiser: .position { values.indices.contains($0) ? values[$0] : nil })
        }
    }

    // MARK: encoding

    private func encoding(_ syntax: ALTAEncodingSyntax, vocabulary: Int) throws(ALTATextDiagnostic) -> ALTATextEncoding {
        func strings(_ e: ALTAExpression) throws(ALTATextDiagnostic) -> [String] {
            let value = try evaluate(e)
            guard case .list(let items) = value else { throw fail("expected a list of strings, found \(value)", at: e.location) }
            var result: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw fail("expected a string, found \(item)", at: e.location) }
                result.append(s)
            }
            return result
        }
        func ids(_ e: ALTAExpression?) throws(ALTATextDiagnostic) -> [Int] {
            guard let e else { return [] }
            let value = try evaluate(e)
            guard case .list(let items) = value else { throw fail("expected a list of token ids, found \(value)", at: e.location) }
            var result: [Int] = []
            for item in items {
                guard case .int(let id) = item, (0..<vocabulary).contains(id) else {
                    throw fail("expected a token id in 0..<\(vocabulary), found \(item)", at: e.location)
                }
                result.append(id)
            }
            return result
        }
        let pieces = try strings(syntax.pieces)
        guard pieces.count <= vocabulary else {
            throw fail("\(pieces.count) pieces, but the vocabulary has \(vocabulary) token ids", at: syntax.pieces.location)
        }
        var skipped = ""
        if let e = syntax.skipped {
            guard case .string(let s) = try evaluate(e) else { throw fail("skip takes a string of characters", at: e.location) }
            skipped = s
        }
        var padding: (length: Int, piece: String)?
        if let lengthExpression = syntax.padLength, let pieceExpression = syntax.padPiece {
            let length = try integer(lengthExpression)
            guard case .string(let piece) = try evaluate(pieceExpression), pieces.contains(piece) else {
                throw fail("the padding piece must be one of the token pieces", at: pieceExpression.location)
            }
            padding = (length, piece)
        }
        return ALTATextEncoding(split: syntax.split.text == "words" ? .words : .characters, skipped: skipped,
                                pieces: pieces, prefix: try ids(syntax.prefix), suffix: try ids(syntax.suffix), padding: padding)
    }
}
