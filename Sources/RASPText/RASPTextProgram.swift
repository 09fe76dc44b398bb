import Foundation
import RASP

/// A `.rasp` program read and lowered to the RASP DSL graph (RASP-TEXT): its output s-op,
/// every s-op and selector it names, the settings its `#@` header gives (overridden by
/// ``RASPTextOptions``), and what it should know about the REPL/Tracr differences.
///
/// ```swift
/// let program = try RASPTextProgram(source: "hist = selector_width(select(tokens, tokens, ==));", fileName: "hist.rasp")
/// try program.evaluate(["a", "b", "a"])   // [2, 1, 2]
/// ```
public struct RASPTextProgram: Sendable {
    /// How text input tokens are converted (`tokens = tokens_int;` etc., RASP-TEXT §6).
    public enum TokenType: String, Sendable, Hashable {
        /// `tokens_str` (the default): each token is a string.
        case string
        /// `tokens_int`: each token is read as an int.
        case int
        /// `tokens_float`: each token is read as a float.
        case float
        /// `tokens_bool`: each token is read as a bool (`True`/`False`).
        case bool
        /// `tokens_asis`: tokens are taken as given.
        case asIs = "asis"
    }

    /// A named s-op of the program.
    public struct NamedSOp: Sendable {
        /// The variable name.
        public let name: String
        /// The s-op.
        public let sop: SOp
    }

    /// The file name used in diagnostics.
    public let fileName: String
    /// The output s-op (`--output`, else `#@ output`, else the last s-op a top-level statement produced).
    public let output: SOp
    /// The output's variable name, or `nil` for an unnamed expression statement.
    public let outputName: String?
    /// Every s-op bound to a top-level name, in order of first binding.
    public let sops: [NamedSOp]
    /// Every selector bound to a top-level name.
    public let selectors: [(name: String, selector: Selector)]
    /// The vocabulary, if the file or the options give one.
    public let vocabulary: [Value]?
    /// The maximum length, if the file or the options give one.
    public let maxSeqLen: Int?
    /// Whether the program is causal.
    public let causal: Bool
    /// The compiler BOS token, if given.
    public let bos: String?
    /// The compiler PAD token, if given.
    public let pad: String?
    /// The semantics `evaluate` uses by default (the REPL's unless the file or options say `tracr`).
    public let semantics: EvaluationSemantics
    /// How text tokens are converted to input values.
    public let tokenType: TokenType
    /// Where the REPL's and Tracr's results differ for this program, and similar notes.
    public let warnings: [Diagnostic]
    /// Constructs that evaluate but do not compile (a categorical default, a categorical mean, …).
    public let compileErrors: [Diagnostic]
    /// Where each s-op and selector of the program was built.
    private let origins: [ObjectIdentifier: ValueSetCheck.Origin]
    /// Every node built (held so that the identities in ``origins`` stay unique).
    private let nodes: [RASPExpr]

    /// Reads `source` (named `fileName` in diagnostics); `directory` is where `load` looks for files.
    /// - Throws: the first ``Diagnostic`` (syntax, unknown name, …).
    public init(
        source: String, fileName: String, directory: String? = nil, options: RASPTextOptions = RASPTextOptions()
    ) throws(Diagnostic) {
        let file = SourceFile(name: fileName, text: source, directory: directory)
        let elaborator = Elaborator()
        defer { elaborator.releaseScopes() }
        try elaborator.loadPrelude()
        let scope = try elaborator.runMain(file)
        let settings = elaborator.settings
        var sops: [NamedSOp] = []
        var selectors: [(String, Selector)] = []
        for name in scope.order {
            switch scope.values[name] {
            case .sop(let sop)?: sops.append(NamedSOp(name: name, sop: sop))
            case .selector(let selector)?: selectors.append((name, selector))
            default: break
            }
        }
        if let name = options.output ?? settings.output {
            guard case .sop(let sop)? = scope.values[name] else {
                let location = elaborator.settingLocations["output"].map { $0.0.location(ofOffset: $0.1) } ?? SourceLocation(line: 1, column: 1)
                let what = scope.values[name].map { "is \($0.kindName), not an s-op" } ?? "is not defined"
                // A name from the command line has no place in the file: say where it came
                // from and which names the file offers.
                let origin = options.output == nil ? "" : " (given on the command line; the file's s-ops: \(sops.map(\.name).joined(separator: ", ")))"
                throw Diagnostic(.unknownName, "the output '\(name)' \(what)\(origin)", at: location, in: file)
            }
            output = sop
            outputName = name
        } else if let last = elaborator.lastOutput {
            output = last.sop
            outputName = last.name
        } else {
            throw Diagnostic(.unknownName, "the program defines no s-op to use as its output", at: SourceLocation(line: 1, column: 1), in: file)
        }
        self.fileName = fileName
        self.sops = sops
        self.selectors = selectors
        vocabulary = options.vocabulary ?? settings.vocabulary
        maxSeqLen = options.maxSeqLen ?? settings.maxSeqLen
        causal = options.causal ?? settings.causal ?? false
        bos = options.bos ?? settings.bos
        pad = options.pad ?? settings.pad
        semantics = options.semantics ?? settings.semantics ?? .repl
        tokenType = elaborator.tokenType
        warnings = elaborator.warnings
        compileErrors = elaborator.compileErrors
        origins = elaborator.origins.mapValues { ValueSetCheck.Origin(file: $0.file, offset: $0.offset) }
        nodes = elaborator.builtNodes
    }

    /// The value-set problems the compiler would meet for `vocabulary` and `maxSeqLen` (default:
    /// the program's), at the position of the s-op concerned: a function that fails on a value
    /// it will meet, a categorical value set too large to compile. Empty when neither is known.
    public func valueSetDiagnostics(vocabulary: [Value]? = nil, maxSeqLen: Int? = nil) -> [Diagnostic] {
        guard let vocabulary = vocabulary ?? self.vocabulary, let maxSeqLen = maxSeqLen ?? self.maxSeqLen else { return [] }
        _ = nodes
        return ValueSetCheck(output: output, origins: origins).diagnostics(vocabulary: vocabulary, maxSeqLen: maxSeqLen)
    }

    /// Reads the file at `path` (loads resolve next to it).
    public init(contentsOfFile path: String, options: RASPTextOptions = RASPTextOptions()) throws(Diagnostic) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Diagnostic(.load, "cannot read the file", at: SourceLocation(line: 1, column: 1),
                in: SourceFile(name: path, text: ""))
        }
        try self.init(
            source: text, fileName: path, directory: (path as NSString).deletingLastPathComponent, options: options)
    }

    /// The output's values on `input`, with ``semantics`` unless another is given.
    ///
    /// With the REPL's semantics every s-op of the output's graph must also be single-typed,
    /// as the REPL checks (RASP-TEXT §5.4): mixing strings with numbers is an error.
    /// - Throws: ``RASPEvaluationError`` (the failing expression and the reason).
    public func evaluate(_ input: [Value], semantics: EvaluationSemantics? = nil) throws -> [Value?] {
        try evaluate(output, on: input, semantics: semantics)
    }

    /// The values of `sop` (e.g. one of ``sops``) on `input`, checked as ``evaluate(_:semantics:)``
    /// checks the output.
    public func evaluate(_ sop: SOp, on input: [Value], semantics: EvaluationSemantics? = nil) throws -> [Value?] {
        let semantics = semantics ?? self.semantics
        let evaluator = Evaluator(causal: causal, semantics: semantics)
        guard semantics == .repl else { return try evaluator.evaluate(sop, on: input) }
        let trace = try evaluator.trace(sop, on: input)
        for node in trace.graph.nodes {
            guard case .sop(let sop) = node, let values = trace.values(of: sop) else { continue }
            if !REPLFormat.isSingleTyped(values) {
                throw RASPEvaluationError(
                    label: trace.graph.label(of: node),
                    reason: .function(.typeError("sequence with values of different types: \(REPLFormat.values(values))")))
            }
        }
        return trace.output
    }

    /// Text tokens converted as ``tokenType`` says (`"12"` → 12 for `tokens_int`); `nil` when a
    /// token does not convert.
    public func inputValues(_ words: [String]) -> [Value]? {
        var values: [Value] = []
        for word in words {
            switch tokenType {
            case .string: values.append(.string(word))
            case .asIs: values.append(Int(word).map(Value.int) ?? Double(word).map(Value.float) ?? .string(word))
            case .int:
                guard let i = Int(word) ?? Double(word).flatMap({ $0.isFinite && abs($0) < 9e18 ? Int($0) : nil }) else { return nil }
                values.append(.int(i))
            case .float:
                guard let d = Double(word) else { return nil }
                values.append(.float(d))
            case .bool:
                values.append(.bool(!word.isEmpty))
            }
        }
        return values
    }
}
