/// A variable as a program declares it. `ALTASchema` resolves declarations into
/// `ALTAVariable`s (evaluating init functions into tables and validating every value).
///
/// ```swift
/// .input("token", range: 13)                                   // token id
/// .position("idx", range: 50)                                  // absolute position
/// .categorical("done", range: 2, fromPosition: { $0 == 0 ? 1 : 0 })
/// .categorical("one", range: 2, default: 1)
/// .numerical("eos", buckets: [0, 1], fromToken: { $0 == 2 ? 1 : 0 })
/// .set("query", range: 16, values: sets, fromToken: { Set(0...$0) })
/// ```
///
/// A variable has at most one init function (token *or* position), so the interpreter and the
/// compiler cannot disagree on precedence (ALTA.md §15 item 10).
public struct ALTAVariableDeclaration: Sendable {
    /// How the declared variable is initialised.
    public enum Initialiser: Sendable {
        /// The default value everywhere.
        case none
        /// A function of the input token id (`0..<inputRange`); `nil` = null.
        case token(@Sendable (Int) -> ALTAValue?)
        /// A function of the absolute position (`0..<positionRange`); `nil` = null.
        case position(@Sendable (Int) -> ALTAValue?)
    }

    /// Variable name (unique in the program; `relative_qk` is reserved).
    public let name: String
    /// Kind of the variable.
    public let kind: ALTAVariableKind
    /// Default value (`nil` = null), used when there is no init function (the factories with
    /// an init function leave it `nil`).
    public let defaultValue: ALTAValue?
    /// Init function, if any.
    public let initialiser: Initialiser

    /// A declaration of any kind.
    public init(name: String, kind: ALTAVariableKind, defaultValue: ALTAValue?, initialiser: Initialiser = .none) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.initialiser = initialiser
    }

    // MARK: categorical

    /// A categorical variable `0..<range` with a constant initial value (`nil` = null).
    public static func categorical(_ name: String, range: Int, default value: Int? = 0) -> Self {
        Self(name: name, kind: .categorical(range: range), defaultValue: value.map { .int($0) })
    }

    /// A categorical variable initialised from the input token.
    public static func categorical(
        _ name: String, range: Int, fromToken initial: @escaping @Sendable (Int) -> Int?
    ) -> Self {
        Self(name: name, kind: .categorical(range: range), defaultValue: nil,
             initialiser: .token { initial($0).map { .int($0) } })
    }

    /// A categorical variable initialised from the absolute position.
    public static func categorical(
        _ name: String, range: Int, fromPosition initial: @escaping @Sendable (Int) -> Int?
    ) -> Self {
        Self(name: name, kind: .categorical(range: range), defaultValue: nil,
             initialiser: .position { initial($0).map { .int($0) } })
    }

    /// A categorical variable holding the input token id (the original's `input_var`).
    public static func input(_ name: String, range: Int) -> Self {
        categorical(name, range: range, fromToken: { $0 })
    }

    /// A categorical variable holding the absolute position (the original's `position_var`).
    public static func position(_ name: String, range: Int) -> Self {
        categorical(name, range: range, fromPosition: { $0 })
    }

    // MARK: numerical

    /// A numerical variable with a constant initial value (`nil` = null).
    public static func numerical(_ name: String, buckets: [Double]? = nil, default value: Double? = 0) -> Self {
        Self(name: name, kind: .numerical(buckets: buckets), defaultValue: value.map { .number($0) })
    }

    /// A numerical variable initialised from the input token.
    public static func numerical(
        _ name: String, buckets: [Double]? = nil, fromToken initial: @escaping @Sendable (Int) -> Double?
    ) -> Self {
        Self(name: name, kind: .numerical(buckets: buckets), defaultValue: nil,
             initialiser: .token { initial($0).map { .number($0) } })
    }

    /// A numerical variable initialised from the absolute position.
    public static func numerical(
        _ name: String, buckets: [Double]? = nil, fromPosition initial: @escaping @Sendable (Int) -> Double?
    ) -> Self {
        Self(name: name, kind: .numerical(buckets: buckets), defaultValue: nil,
             initialiser: .position { initial($0).map { .number($0) } })
    }

    // MARK: set

    /// A set variable (members `< range`) with a constant initial value (`nil` = null).
    public static func set(
        _ name: String, range: Int, values: [Set<Int>]? = nil, default value: Set<Int>? = []
    ) -> Self {
        Self(name: name, kind: .set(range: range, values: values), defaultValue: value.map { .set($0) })
    }

    /// A set variable initialised from the input token.
    public static func set(
        _ name: String, range: Int, values: [Set<Int>]? = nil,
        fromToken initial: @escaping @Sendable (Int) -> Set<Int>?
    ) -> Self {
        Self(name: name, kind: .set(range: range, values: values), defaultValue: nil,
             initialiser: .token { initial($0).map { .set($0) } })
    }

    /// A set variable initialised from the absolute position.
    public static func set(
        _ name: String, range: Int, values: [Set<Int>]? = nil,
        fromPosition initial: @escaping @Sendable (Int) -> Set<Int>?
    ) -> Self {
        Self(name: name, kind: .set(range: range, values: values), defaultValue: nil,
             initialiser: .position { initial($0).map { .set($0) } })
    }
}
