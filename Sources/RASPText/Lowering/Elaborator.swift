import Foundation
import RASP

/// Runs a parsed `.rasp` file at definition time (RASP-TEXT §1) and lowers what it builds to
/// RASP DSL ``SOp``s and ``Selector``s (§5.4–8, §11.1).
final class Elaborator {
    /// Names that can never be assigned (§2).
    static let reservedNames: Set<String> = [
        "if", "else", "not", "and", "or", "out", "def", "return", "range", "for", "in", "zip", "len", "get",
        "tokens_asis", "tokens_str", "tokens_int", "tokens_bool", "tokens_float", "indices", "True", "False",
    ]
    /// The deepest nesting of user function calls.
    static let maxCallDepth = 100
    /// The longest list `range` may build.
    static let maxRange = 100_000

    /// The scope holding primitives, built-ins and the REPL library.
    let base: Scope
    /// Settings read from `#@` lines.
    var settings = ProgramSettings()
    /// Where each header setting was given (for diagnostics about it).
    var settingLocations: [String: (SourceFile, Int)] = [:]
    /// Warnings (REPL and Tracr differ, …).
    var warnings: [Diagnostic] = []
    /// Problems that only stop compilation.
    var compileErrors: [Diagnostic] = []
    /// The token type: the last of `tokens_int`, `tokens_float`, `tokens_bool`, `tokens_asis` the program reads.
    var tokenType: RASPTextProgram.TokenType = .string
    /// The last s-op produced by a top-level statement of the main file.
    var lastOutput: (name: String?, sop: SOp)?
    /// S-ops known to take only the values 0 and 1 (`indicator` results).
    var zeroOne: Set<ObjectIdentifier> = []
    /// Selectors that can select several keys for one query (built with `<`, `!=`, …).
    var mayAverage: Set<ObjectIdentifier> = []
    /// The `length` s-op (Tracr's `make_length()`).
    let lengthSOp: SOp
    /// The primitive aliases `tokens_str`, `tokens_int`, … → token type.
    let tokenPrimitives: [String: RASPTextProgram.TokenType] = [
        "tokens_str": .string, "tokens_int": .int, "tokens_float": .float, "tokens_bool": .bool, "tokens_asis": .asIs,
    ]
    var callDepth = 0
    /// The calls being run: the calling file, the callee's offset and the function's name.
    var callSites: [(file: SourceFile, offset: Int, function: String)] = []
    /// Scopes that functions were defined in (a function holds its scope, which holds it).
    var definingScopes: [Scope] = []
    /// Expressions evaluated so far (bounded by ``maxSteps`` so that no program hangs).
    var steps = 0
    /// The most expressions a program may evaluate while it is built.
    static let maxSteps = 1_000_000
    /// The most distinct s-ops and selectors a program may build (evaluation and compilation
    /// walk the graph recursively, so its depth must stay moderate).
    static let maxNodes = 1_000
    /// The s-ops and selectors built so far (held, so that identities stay unique).
    var builtNodes: [RASPExpr] = []
    var builtIDs: Set<ObjectIdentifier> = []
    /// Files being loaded (to stop load cycles).
    var loading: [String] = []
    /// Library names loaded into the base scope (they cannot be rebound at top level).
    var libraryNames: Set<String> = []

    init() {
        base = Scope(parent: nil)
        let allTrue = Select(tokens, tokens, .true).named("all_true_selector")
        lengthSOp = SelectorWidth(allTrue).named("length")
        base.bind("tokens", .sop(tokens))
        for name in tokenPrimitives.keys { base.bind(name, .sop(tokens)) }
        base.bind("indices", .sop(indices))
        base.bind("length", .sop(lengthSOp))
        base.bind("True", .atom(.bool(true)))
        base.bind("False", .atom(.bool(false)))
        for builtin in BuiltinFunction.allCases {
            base.bind(builtin.rawValue, .function(MetaFunction(name: builtin.rawValue, body: .builtin(builtin), scope: nil)))
        }
    }

    /// Where each s-op and selector was built (the first place; nodes are held by ``builtNodes``).
    var origins: [ObjectIdentifier: (file: SourceFile, offset: Int)] = [:]

    func recordOrigin(_ node: RASPExpr, file: SourceFile, offset: Int) {
        if origins[node.id] == nil {
            origins[node.id] = (file, offset)
            if builtIDs.insert(node.id).inserted { builtNodes.append(node) }
        }
    }

    /// Breaks the function ↔ scope reference cycles once the program is built.
    func releaseScopes() {
        for scope in definingScopes { scope.removeAll() }
        base.removeAll()
        definingScopes = []
    }

    /// Control flow out of a file: `exit`/`quit`.
    struct Exit: Error {}

    // MARK: Files

    /// Runs the bundled REPL library into the base scope.
    func loadPrelude() throws(Diagnostic) {
        let file = LibraryFiles.file(named: "rasplib")
        var parser = try Parser(file: file)
        let statements = try parser.parseFile()
        let scope = Scope(parent: base)
        try run(statements, in: scope, file: file, topLevel: false)
        for name in scope.order where !name.hasPrefix("_") {
            if let value = scope.values[name] {
                base.bind(name, value)
                libraryNames.insert(name)
            }
        }
    }

    /// Runs the main file in a scope under the base scope; returns that scope.
    func runMain(_ file: SourceFile) throws(Diagnostic) -> Scope {
        var parser = try Parser(file: file)
        let statements = try parser.parseFile()
        warnings += parser.warnings
        let scope = Scope(parent: base)
        loading.append(file.name)
        try run(statements, in: scope, file: file, topLevel: true)
        return scope
    }

    func run(_ statements: [Statement], in scope: Scope, file: SourceFile, topLevel: Bool) throws(Diagnostic) {
        do {
            for statement in statements {
                try execute(statement, in: scope, file: file, topLevel: topLevel)
            }
        } catch let error as Diagnostic {
            throw error
        } catch is Exit {
            // `exit` / `quit`: stop reading this file.
        } catch {
            throw diagnostic(.type, String(describing: error), at: 0, in: file)
        }
    }

    func diagnostic(_ kind: Diagnostic.Kind, _ message: String, at offset: Int, in file: SourceFile) -> Diagnostic {
        Diagnostic(kind, message, at: file.location(ofOffset: offset), in: file)
    }

    // MARK: Statements

    private func execute(_ statement: Statement, in scope: Scope, file: SourceFile, topLevel: Bool) throws {
        switch statement {
        case .expression(let expr, _):
            let value = try evaluate(expr, in: scope, file: file)
            if topLevel, case .sop(let sop) = value {
                // `histogram;` names its output; any other expression statement leaves it unnamed.
                if case .name(let name, _) = expr { lastOutput = (name, sop) } else { lastOutput = (nil, sop) }
            }
        case .assignment(let names, let exprs, let at):
            var values: [MetaValue] = []
            for expr in exprs { values.append(try evaluate(expr, in: scope, file: file)) }
            let bound: [MetaValue]
            if names.count == 1 {
                bound = [values.count == 1 ? values[0] : .list(values)]
            } else if values.count == names.count {
                bound = values
            } else if values.count == 1, case .list(let elements) = values[0], elements.count == names.count {
                bound = elements
            } else {
                let count = values.count == 1 ? (values[0].listCount ?? 1) : values.count
                throw diagnostic(.argumentCount, "cannot assign \(count) values to \(names.count) names", at: at, in: file)
            }
            for ((name, offset), value) in zip(names, bound) {
                try bind(name, value, at: offset, in: scope, file: file, topLevel: topLevel)
            }
        case .function(let definition):
            try checkAssignable(definition.name, at: definition.at, file: file, topLevel: topLevel)
            scope.bind(definition.name, .function(MetaFunction(name: definition.name, body: .user(definition, file: file), scope: scope)))
            definingScopes.append(scope)
        case .loop(let names, let iterableExpr, let body, let at):
            let iterable = try evaluate(iterableExpr, in: scope, file: file)
            let elements = try iterationElements(iterable, at: iterableExpr.start, file: file)
            for element in elements {
                try bindLoopNames(names, element, at: at, in: scope, file: file)
                for inner in body { try execute(inner, in: scope, file: file, topLevel: false) }
            }
        case .load(let path, let at):
            try load(path, at: at, into: scope, file: file)
        case .exit:
            throw Exit()
        case .header(let text, let at):
            guard topLevel else {
                throw diagnostic(.header, "'#@' settings belong at the top level of the main file", at: at, in: file)
            }
            try readHeader(text, at: at, file: file)
        }
    }

    func bind(_ name: String, _ value: MetaValue, at offset: Int, in scope: Scope, file: SourceFile, topLevel: Bool) throws {
        try checkAssignable(name, at: offset, file: file, topLevel: topLevel)
        var value = value
        switch value {
        case .sop(let sop):
            if sop.explicitName == nil, sop.primitiveLabel == nil {
                value = .sop(sop.named(name))
            }
        case .selector(let selector):
            if selector.explicitName == nil { value = .selector(selector.named(name)) }
        default:
            break
        }
        scope.bind(name, value)
        switch value {
        case .sop(let sop): recordOrigin(.sop(sop), file: file, offset: offset)
        case .selector(let selector): recordOrigin(.selector(selector), file: file, offset: offset)
        default: break
        }
        if topLevel, case .sop(let sop) = value { lastOutput = (name, sop) }
    }

    func checkAssignable(_ name: String, at offset: Int, file: SourceFile, topLevel: Bool) throws(Diagnostic) {
        if Elaborator.reservedNames.contains(name) {
            throw diagnostic(.type, "'\(name)' is a reserved name and cannot be assigned", at: offset, in: file)
        }
        if topLevel, libraryNames.contains(name) {
            throw diagnostic(.type, "'\(name)' is a library name and cannot be assigned", at: offset, in: file)
        }
        if BuiltinFunction(rawValue: name) != nil || name == "length" {
            throw diagnostic(.type, "'\(name)' is a built-in and cannot be assigned", at: offset, in: file)
        }
    }

    func iterationElements(_ iterable: MetaValue, at offset: Int, file: SourceFile) throws(Diagnostic) -> [MetaValue] {
        switch iterable {
        case .list(let elements): return elements
        case .dict(let entries): return entries.map { .atom($0.key) }
        default:
            throw diagnostic(.type, "can only iterate over a list or a dict, not \(iterable.kindName)", at: offset, in: file)
        }
    }

    func bindLoopNames(_ names: [String], _ element: MetaValue, at offset: Int, in scope: Scope, file: SourceFile) throws {
        if names.count == 1 {
            try checkAssignable(names[0], at: offset, file: file, topLevel: false)
            scope.bind(names[0], element)
            return
        }
        guard case .list(let parts) = element, parts.count == names.count else {
            throw diagnostic(.type, "cannot unpack \(element.kindName) into \(names.count) names", at: offset, in: file)
        }
        for (name, part) in zip(names, parts) {
            try checkAssignable(name, at: offset, file: file, topLevel: false)
            scope.bind(name, part)
        }
    }

    // MARK: Load

    private func load(_ path: String, at offset: Int, into scope: Scope, file: SourceFile) throws(Diagnostic) {
        let loaded: SourceFile
        if let directory = file.directory, let text = try? String(contentsOfFile: (directory as NSString).appendingPathComponent(path + ".rasp"), encoding: .utf8) {
            let full = (directory as NSString).appendingPathComponent(path + ".rasp")
            loaded = SourceFile(name: full, text: text, directory: (full as NSString).deletingLastPathComponent)
        } else if LibraryFiles.names.contains(path) {
            loaded = LibraryFiles.file(named: path)
        } else {
            let known = LibraryFiles.names.map { "'\($0)'" }.joined(separator: ", ")
            throw diagnostic(.load, "cannot load '\(path).rasp': no such file next to this one, and not a bundled library (\(known))", at: offset, in: file)
        }
        guard !loading.contains(loaded.name) else {
            throw diagnostic(.load, "'\(path).rasp' is already being loaded (a load cycle)", at: offset, in: file)
        }
        loading.append(loaded.name)
        defer { loading.removeLast() }
        var parser = try Parser(file: loaded)
        let statements = try parser.parseFile()
        let fileScope = Scope(parent: base)
        try run(statements.filter { if case .header = $0 { return false } else { return true } }, in: fileScope, file: loaded, topLevel: false)
        for name in fileScope.order where !name.hasPrefix("_") && name != "out" {
            if let value = fileScope.values[name] { scope.bind(name, value) }
        }
    }
}

extension MetaValue {
    var listCount: Int? {
        if case .list(let elements) = self { return elements.count }
        return nil
    }
}
