import Foundation

/// The constants that make a compiled model exact in float32, derived from the maximum
/// length (§18, §19 items 10–11).
///
/// * **Softmax coldness** `c`: a selected key has logit `c` (per conjunct), BOS `c/2`
///   below the selected keys, unselected keys `c` below. The weight leaking to BOS or to
///   the other `N` positions is then at most `(N+1)·e^{−c/2} ≤ 2⁻²⁶`, below float32's
///   resolution of 1, so means and copies are exact to rounding. The run-time attention
///   scale is 1: the coldness is folded into `W_QK` (Tracr divides by √K instead, §19
///   item 11).
/// * **Noise bounds**: every numerical value carries a bound on its float32 error, used to
///   place the discretising MLP's ramps (the slope of each ramp comes from the gap between
///   neighbouring values minus twice the noise; §19 item 10).
struct ExactnessBudget: Sendable {
    /// Maximum sequence length N (without BOS).
    let maxSeqLen: Int
    /// The softmax coldness.
    let coldness: Double

    /// Relative float32 rounding allowance for one stored or summed value.
    static let rounding = 0x1p-22
    /// Relative error allowance of an attention average (rounding + leakage).
    static let attentionError = 0x1p-21

    init(maxSeqLen: Int) {
        self.maxSeqLen = maxSeqLen
        self.coldness = (2 * (log(Double(maxSeqLen + 1)) + 26 * log(2.0))).rounded(.up)
    }

    /// The unit in the last place of a float32 of magnitude `x`.
    static func ulp(_ x: Double) -> Double {
        Double(Float(max(abs(x), 1e-30)).ulp)
    }
}
