import ALTA
import Foundation

/// The compiler's constants, derived from the value sets, the maximum length and float32,
/// with the range in which the compiled model is exact.
///
/// **Attention.** Query and key blocks are exact 0/1 vectors, so a logit is `λ` for a selected
/// key and 0 otherwise. A categorical or numerical head has a sink (a virtual key with a zero
/// value) at `λ / 2`; the counting head of a categorical head at `λ`. `λ` is the smallest power
/// of two for which `exp(−λ / 2)` is 0 in float32, so every weight that is not a tie is exactly
/// 0 or exactly 1 whatever the sequence length: one selected key is copied exactly, no selected
/// key (or a relative mask that leaves none) gives exactly the zero block (null), `m` selected
/// keys get `fl(1/m)` each.
///
/// **Numerical thresholds.** For a threshold `t` between bucket centres `a < b` (half-gap
/// `h = (b − a) / 2`) the step unit is `a(S·(x − t) − 1)` with `S = 3 / ε`: exactly 0 for
/// `x ≤ t` and exactly 1 for `x ≥ t + ε`. `ε = max(h / 4, ε_min)`, where `ε_min` bounds the
/// float32 rounding of `x` (storage, and for head outputs the attention mean over at most
/// `maxLength` keys) and of the unit's own arithmetic. When `ε_min > h` the upper centre itself
/// would not be exact and compilation is refused. A value is bucketed exactly unless it lies in
/// a window `(t, t + ε]` just above a threshold — bucket centres never do.
///
/// **Numerical pass-through.** Numbers are carried through the MLP as `a(±x / M)` with `M` a
/// power of two ≥ the largest |value| the variable can hold, which is exact in float32, so the
/// reset of a numerical head output and the update of a numerical variable subtract the
/// actual value (not the bucket centre).
public struct ALTAExactness: Sendable {
    /// One numerical threshold's step unit.
    public struct Threshold: Sendable, Hashable {
        /// The threshold (midpoint of two bucket centres).
        public let threshold: Double
        /// Half the gap between the two centres.
        public let halfGap: Double
        /// Width of the window above the threshold where the unit is fractional.
        public let window: Double
        /// The unit's slope `3 / window`.
        public var slope: Double { 3 / window }
    }

    /// Per numerical variable.
    public struct Numerical: Sendable, Hashable {
        /// Variable name.
        public let variable: String
        /// Power of two ≥ the largest |value| (pass-through scale).
        public let scale: Double
        /// The largest |value| the variable can hold.
        public let magnitude: Double
        /// Step units, one per threshold, ascending.
        public let thresholds: [Threshold]
    }

    /// Attention sharpness `λ` (folded into `W_Q`; attention scale 1).
    public let sharpness: Float
    /// The longest input the model is compiled for.
    public let maxLength: Int
    /// Per numerical variable (by name): pass-through scale and step units.
    public let numerical: [String: Numerical]

    /// The smallest power of two `λ` with `exp(−λ/2) == 0` in float32.
    public static func derivedSharpness() -> Float {
        var lambda: Float = 2
        while Foundation.exp(-lambda / 2) != 0 || Foundation.exp(-lambda) != 0 { lambda *= 2 }
        return lambda
    }

    /// Unit roundoff of float32.
    static let unit: Double = 0x1p-24

    init(analysis: ALTAProgramAnalysis, maxLength: Int, sharpness: Float?) throws(ALTACompilerError) {
        let derived = Self.derivedSharpness()
        if let sharpness {
            guard sharpness >= derived else {
                throw .invalidOption("attention sharpness \(sharpness) is below \(derived), the smallest value for which float32 attention is exact")
            }
            guard sharpness.isFinite, sharpness < 1e30 else { throw .invalidOption("attention sharpness \(sharpness) is too large") }
        }
        self.sharpness = sharpness ?? derived
        self.maxLength = maxLength
        let schema = analysis.schema
        var numerical: [String: Numerical] = [:]
        for (i, variable) in schema.variables.enumerated() {
            guard case .numerical(let buckets) = variable.kind else { continue }
            let magnitude = analysis.magnitude[i]
            var scale = 1.0
            while scale < magnitude { scale *= 2 }
            guard let buckets else {
                numerical[variable.name] = Numerical(variable: variable.name, scale: scale, magnitude: magnitude, thresholds: [])
                continue
            }
            // Values of a head output are means over at most maxLength keys.
            var sameSign = true
            var head: ALTAHead? = nil
            if variable.isHeadOutput, let h = schema.head(writing: variable.name), let v = schema.variableIndex(named: h.value) {
                head = h
                let values = Self.possibleValues(schema.variables[v], maxLength: maxLength)
                sameSign = values.allSatisfy { $0 >= 0 } || values.allSatisfy { $0 <= 0 }
            }
            var thresholds: [Threshold] = []
            for k in 1..<max(buckets.count, 1) {
                let a = buckets[k - 1], b = buckets[k]
                let t = (a + b) / 2
                let h = (b - a) / 2
                var errorX = Self.unit * max(abs(t) + h, magnitude)
                if head != nil {
                    let size = sameSign ? abs(t) + h : magnitude
                    errorX += Double(maxLength + 2) * Self.unit * size
                }
                let minimum = 6 * (errorX + 3 * abs(t) * Self.unit + 1e-30)
                guard minimum <= h, h > 0 else {
                    throw .notExactInFloat32(
                        variable: variable.name,
                        reason: "bucket centres \(a) and \(b) are \(b - a) apart, but float32 rounding of values near \(t) (magnitude up to \(magnitude)\(head != nil ? ", means over up to \(maxLength) keys" : "")) needs a gap of at least \(2 * minimum)")
                }
                thresholds.append(Threshold(threshold: t, halfGap: h, window: max(h / 4, minimum)))
            }
            numerical[variable.name] = Numerical(variable: variable.name, scale: scale, magnitude: magnitude, thresholds: thresholds)
        }
        // A numerical head whose selected values can be null sharpens its presence by
        // maxLength; float rounding of a mean of ones must stay well below that.
        for (i, flag) in analysis.nullableHeadValue.enumerated() where flag {
            let error = Double(maxLength) * Double(maxLength + 2) * Self.unit
            guard error < 0.25 else {
                throw .notExactInFloat32(
                    variable: schema.variables[i].name,
                    reason: "it is the value of a numerical head and can be null; telling a mean presence of 1 from 1 − 1/\(maxLength) needs maxLength below about 2,000")
            }
        }
        self.numerical = numerical
    }

    /// The numbers a numerical variable can hold before any head output averages them: its
    /// initial values and bucket centres.
    static func possibleValues(_ variable: ALTAVariable, maxLength: Int) -> [Double] {
        var values: [Double] = []
        if case .numerical(let buckets?) = variable.kind { values += buckets }
        for value in ALTAProgramAnalysis.initialValues(variable, maxLength: maxLength) {
            if case .number(let x)? = value { values.append(x) }
        }
        return values
    }

    /// The facts recorded in the model's metadata.
    public func metadata() -> [String: String] {
        var result: [String: String] = [
            "alta.attention_sharpness": String(sharpness),
            "alta.exact.max_length": String(maxLength),
            "alta.exact": "exact in float32 for inputs of at most \(maxLength) positions: one-hot attention copies and null (zero) outputs are bitwise exact; numerical values are bucketed exactly unless they lie in a window (t, t + window] just above a threshold t (bucket centres never do)",
        ]
        for (name, entry) in numerical.sorted(by: { $0.key < $1.key }) where !entry.thresholds.isEmpty {
            let widest = entry.thresholds.map(\.window).max() ?? 0
            let relative = entry.thresholds.map { $0.window / $0.halfGap }.max() ?? 0
            result["alta.exact.numerical.\(name)"] = "thresholds \(entry.thresholds.count), largest window \(widest) (\(relative) of the half-gap), pass-through scale \(entry.scale)"
        }
        return result
    }
}
