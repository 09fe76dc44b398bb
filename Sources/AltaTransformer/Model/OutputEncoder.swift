import Foundation

/// How the unembedded output vector of a position becomes a value.
public enum OutputEncoder: Sendable, Equatable, Codable {
    /// One output column per value (in id order); decoding takes the argmax. A position
    /// whose best score is below `nullThreshold` decodes to null (the zero block).
    case categorical(values: [String])
    /// A single output column holding the number itself.
    case numerical

    /// Scores below this decode to null for categorical outputs.
    public static let nullThreshold: Float = 0.5

    /// The number of unembedding columns.
    public var width: Int {
        switch self {
        case let .categorical(values): values.count
        case .numerical: 1
        }
    }

    /// Decodes one position's `[width]` output scores.
    public func decode(_ scores: ArraySlice<Float>) -> OutputValue {
        scores.withUnsafeBufferPointer { decode($0) }
    }

    /// Decodes one position's `[width]` output scores.
    func decode(_ scores: UnsafeBufferPointer<Float>) -> OutputValue {
        switch self {
        case let .categorical(values):
            guard !values.isEmpty, !scores.isEmpty else { return .null }
            var best = 0
            for i in 1..<scores.count where scores[i] > scores[best] { best = i }
            if scores[best] < Self.nullThreshold { return .null }
            return .category(values[best])
        case .numerical:
            return .number(scores.first ?? 0)
        }
    }
}

/// A decoded output at one position.
public enum OutputValue: Sendable, Equatable, Hashable, CustomStringConvertible, Codable {
    case category(String)
    case number(Float)
    /// No value (nothing selected, or a null default).
    case null

    public var description: String {
        switch self {
        case let .category(v): v
        case let .number(x): OutputValue.format(Double(x))
        case .null: "-"
        }
    }

    /// How numbers print everywhere (run, eval, traces): integers without a fraction
    /// (`1`, `-3`), others with 6 significant digits (`0.333333`, `1e-07`), so a compiled
    /// model's float32 result and the reference's exact value print the same.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let rounded = Double(String(format: "%.6g", x)) ?? x
        if rounded == rounded.rounded(), abs(rounded) < 1e7 { return String(Int(rounded)) }
        return String(format: "%.6g", x)
    }

    /// A `JSONSerialization` object: a string, a number or `NSNull`.
    public var jsonObject: Any {
        switch self {
        case let .category(v): v
        case let .number(x): Double(x)
        case .null: NSNull()
        }
    }
}
