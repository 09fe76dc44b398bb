import Foundation

/// The colour scale every heatmap of Alta shares (residual streams, attention patterns,
/// reports): white at 0, blues for positive values, reds for negative ones, with a
/// symmetric-log intensity normalised to the largest magnitude in the picture. Values 1, 4
/// and 9 therefore get distinct shades (a linear scale clipped at 1 drew them alike), and
/// the range the colours span is stated in the legend (``SVGCanvas/legend(_:x:y:width:)``).
///
/// Intensity of `v` is `log(1 + |v|/c) / log(1 + limit/c)` with `limit` the largest
/// magnitude and `c = min(1, limit)`, so a picture whose values lie in 0…1 (attention
/// weights) is drawn close to linearly and a wider range is compressed logarithmically.
public struct ColorScale: Sendable, Equatable {
    /// The smallest finite value drawn (0 when there is none).
    public let minimum: Float
    /// The largest finite value drawn (0 when there is none).
    public let maximum: Float

    /// The scale spanning `minimum…maximum` (the colours go up to the larger magnitude).
    public init(minimum: Float, maximum: Float) {
        self.minimum = Swift.min(minimum, maximum)
        self.maximum = Swift.max(minimum, maximum)
    }

    /// The scale spanning the finite values of `values` (0…0 when there is none).
    public init<S: Sequence>(values: S) where S.Element == Float {
        var low = Float.infinity, high = -Float.infinity
        for v in values where v.isFinite {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        if low > high { (low, high) = (0, 0) }
        self.init(minimum: low, maximum: high)
    }

    /// The largest magnitude the colours reach.
    public var limit: Double { Swift.max(abs(Double(minimum)), abs(Double(maximum))) }

    /// `v` on the scale, −1…1 (0 = white); values beyond the range are clamped.
    public func intensity(_ v: Float) -> Double {
        let limit = self.limit
        guard v.isFinite, limit > 0 else { return 0 }
        let c = Swift.min(1, limit)
        let magnitude = Swift.min(abs(Double(v)), limit)
        let t = Foundation.log1p(magnitude / c) / Foundation.log1p(limit / c)
        return v < 0 ? -t : t
    }

    /// The fill colour of `v` (`rgb(…)`); grey for a value that is not finite.
    public func color(_ v: Float) -> String {
        guard v.isFinite else { return "rgb(190,190,190)" }
        return Self.color(intensity: intensity(v))
    }

    /// The colour of an intensity −1…1: white → light → dark blue for positive, the same
    /// in red for negative.
    public static func color(intensity: Double) -> String {
        let t = Swift.min(1, abs(intensity.isFinite ? intensity : 0))
        // Two segments (white → mid → dark) keep neighbouring shades apart.
        let (mid, dark): ((Double, Double, Double), (Double, Double, Double)) = intensity >= 0
            ? ((107, 174, 214), (8, 48, 107))
            : ((251, 106, 74), (103, 0, 13))
        let (from, to, u) = t <= 0.5 ? ((255.0, 255.0, 255.0), mid, t * 2) : (mid, dark, (t - 0.5) * 2)
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * u).rounded()) }
        return "rgb(\(mix(from.0, to.0)),\(mix(from.1, to.1)),\(mix(from.2, to.2)))"
    }

    /// Whether text drawn on `v`'s colour should be white (dark backgrounds).
    public func needsLightText(_ v: Float) -> Bool { abs(intensity(v)) > 0.62 }

    /// A value as the legends and tables show it: up to 4 significant digits (`9`, `0.3333`,
    /// `-1.5`, `1e+04`).
    public static func short(_ v: Float) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        if v == v.rounded(), abs(v) < 1e6 { return String(Int(v)) }
        return String(format: "%.4g", Double(v))
    }

    /// The legend's statement of the range, e.g. `range -1 … 9 (symmetric log scale)`.
    public var caption: String {
        "range \(Self.short(minimum)) … \(Self.short(maximum)) (symmetric log scale)"
    }
}
