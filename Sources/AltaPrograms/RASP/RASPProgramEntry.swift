import AltaTensors
import RASP

/// A named RASP program of the library, with the default settings it is compiled and checked
/// with (those of `tracr_models.json`). The program is built for chosen
/// ``RASPBuildParameters``: builders whose Tracr counterpart takes parameters (the sorts'
/// `max_seq_len` and `min_key`) take them from there, and a vocabulary that breaks one of the
/// program's ``requirements`` is rejected.
public struct RASPProgramEntry: Sendable {
    /// Which part of the reference table the program belongs to.
    public enum Group: String, Sendable, Hashable, CaseIterable {
        /// A program of Tracr's `lib.py`.
        case lib
        /// A single-primitive program.
        case primitive
        /// A program compiled with a causal mask.
        case causal
        /// A program that Tracr miscompiles (§19), kept to show the corrected behaviour.
        case knownIssue = "known_issue"
    }

    /// The registry name (the key in `tracr_models.json`), e.g. `reverse`.
    public let name: String
    /// One line saying what the program computes.
    public let description: String
    /// The group in the reference table.
    public let group: Group
    /// The default vocabulary.
    public let vocabulary: [Value]
    /// The default maximum sequence length.
    public let maxSeqLen: Int
    /// Whether the program is compiled with a causal mask (and evaluated causally).
    public let causal: Bool
    /// The compiler BOS token name.
    public let compilerBOS: String
    /// The compiler PAD token name.
    public let compilerPAD: String
    /// What the program assumes about its vocabulary, checked by ``build(_:)``.
    public let requirements: [RASPVocabularyRequirement]
    /// How its test inputs are drawn (uniform random tokens unless the program needs
    /// particular inputs to be exercised, e.g. balanced Dyck words).
    public let inputs: RASPInputGenerator
    /// The maximum lengths, besides ``maxSeqLen``, the program is built, compiled and checked
    /// for in the tests.
    public let testLengths: [Int]
    /// The vocabulary for a maximum length, when it must grow with it (sort_unique's
    /// distinct keys); nil keeps ``vocabulary``.
    private let vocabularyForLength: (@Sendable (Int) -> [Value])?

    /// The lengths every library program is checked at besides its default.
    public static let defaultTestLengths = [8, 12, 16, 24]
    /// Builds the program for parameters that meet ``requirements``; every call returns fresh
    /// expressions (labels are deterministic).
    private let builder: @Sendable (RASPBuildParameters) -> SOp

    public init(
        name: String, description: String, group: Group, vocabulary: [Value], maxSeqLen: Int,
        causal: Bool = false, compilerBOS: String = "BOS", compilerPAD: String = "PAD",
        requirements: [RASPVocabularyRequirement] = [], inputs: RASPInputGenerator = .uniform,
        testLengths: [Int] = RASPProgramEntry.defaultTestLengths,
        vocabularyForLength: (@Sendable (Int) -> [Value])? = nil,
        build: @escaping @Sendable (RASPBuildParameters) -> SOp
    ) {
        self.name = name
        self.description = description
        self.group = group
        self.vocabulary = vocabulary
        self.maxSeqLen = maxSeqLen
        self.causal = causal
        self.compilerBOS = compilerBOS
        self.compilerPAD = compilerPAD
        self.requirements = requirements
        self.inputs = inputs
        self.testLengths = testLengths
        self.vocabularyForLength = vocabularyForLength
        self.builder = build
    }

    /// The settings of `tracr_models.json`: ``vocabulary``, ``maxSeqLen`` and ``causal``.
    public var defaultParameters: RASPBuildParameters {
        RASPBuildParameters(vocabulary: vocabulary, maxSeqLen: maxSeqLen, causal: causal)
    }

    /// The vocabulary the program is built for at maximum length `maxSeqLen`: ``vocabulary``,
    /// or a larger one where the program needs it (distinct sort keys for every position).
    public func vocabulary(forMaxSeqLen maxSeqLen: Int) -> [Value] {
        vocabularyForLength?(maxSeqLen) ?? vocabulary
    }

    /// The parameters for maximum length `maxSeqLen` with the vocabulary for that length.
    public func parameters(forMaxSeqLen maxSeqLen: Int) -> RASPBuildParameters {
        parameters(vocabulary: vocabulary(forMaxSeqLen: maxSeqLen), maxSeqLen: maxSeqLen)
    }

    /// Test inputs for `parameters` (default: ``defaultParameters``), drawn by ``inputs``.
    public func testInputs(_ parameters: RASPBuildParameters? = nil, using random: inout SplitMix64) -> [[Value]] {
        let parameters = parameters ?? defaultParameters
        return inputs.draw(maxSeqLen: parameters.maxSeqLen, vocabulary: parameters.vocabulary, using: &random)
    }

    /// The parameters with `nil` settings taken from the defaults; the program's own causal
    /// setting always holds (`causal` can only add a mask).
    public func parameters(vocabulary: [Value]? = nil, maxSeqLen: Int? = nil, causal: Bool = false) -> RASPBuildParameters {
        RASPBuildParameters(
            vocabulary: vocabulary ?? self.vocabulary, maxSeqLen: maxSeqLen ?? self.maxSeqLen, causal: causal || self.causal)
    }

    /// Builds the program for `parameters`, or throws a ``RASPBuildError`` naming the program and
    /// the parameter that does not fit. Every call returns fresh expressions.
    public func build(_ parameters: RASPBuildParameters) throws(RASPBuildError) -> SOp {
        guard parameters.maxSeqLen >= 1 else { throw .invalidMaxSeqLen(program: name, maxSeqLen: parameters.maxSeqLen) }
        guard !parameters.vocabulary.isEmpty else { throw .emptyVocabulary(program: name) }
        for requirement in requirements {
            if let violation = requirement.violation(in: parameters.vocabulary, program: name) { throw violation }
        }
        return builder(parameters)
    }

    /// Builds the program for its ``defaultParameters``.
    public func build() throws(RASPBuildError) -> SOp {
        try build(defaultParameters)
    }

    /// Evaluates the program built for `parameters` (default: ``defaultParameters``) on `input`
    /// with the evaluator matching `parameters.causal`.
    public func evaluate(_ input: [Value], parameters: RASPBuildParameters? = nil) throws -> [Value?] {
        let parameters = parameters ?? defaultParameters
        return try Evaluator(causal: parameters.causal).evaluate(build(parameters), on: input)
    }
}
