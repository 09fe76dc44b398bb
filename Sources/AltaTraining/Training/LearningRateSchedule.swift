import Foundation

/// Linear warm-up then exponential decay with a floor, as the original's optax schedule
/// (ALTA.md §13.2): `lr · s / warmup` for step `s < warmup`, then
/// `max(lr · decay^((s − warmup) / transitionSteps), lr · decay)`; or, for Adafactor
/// without a schedule, T5's relative step size ``relativeStep``.
public struct LearningRateSchedule: Sendable, Equatable {
    /// T5's relative step size (Adafactor's `relative_step`): `min(1e-2, 1/√t)` at 1-based
    /// step `t`, i.e. 1e-2 for the first 10,000 steps, then falling as `1/√t`. Its other
    /// fields are unused.
    public static let relativeStep = LearningRateSchedule(relative: ())

    /// The relative step's largest rate.
    public static let relativeStepCeiling = 1e-2

    /// Peak rate.
    public let peak: Float
    /// Warm-up steps.
    public let warmupSteps: Int
    /// Decay factor over `transitionSteps` (also the floor's factor).
    public let decayRate: Float
    /// Steps over which the rate falls by `decayRate`.
    public let transitionSteps: Int
    /// Whether this is ``relativeStep`` rather than warm-up and decay.
    public let isRelativeStep: Bool

    /// A schedule.
    public init(peak: Float, warmupSteps: Int, decayRate: Float, transitionSteps: Int) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.decayRate = decayRate
        self.transitionSteps = max(1, transitionSteps)
        isRelativeStep = false
    }

    private init(relative: Void) {
        peak = Float(Self.relativeStepCeiling)
        warmupSteps = 0
        decayRate = 1
        transitionSteps = 1
        isRelativeStep = true
    }

    /// The rate at 0-based step `step`.
    public func rate(at step: Int) -> Float {
        if isRelativeStep { return Float(min(Self.relativeStepCeiling, 1 / Double(step + 1).squareRoot())) }
        if step < warmupSteps { return peak * Float(step) / Float(warmupSteps) }
        let progress = Double(step - warmupSteps) / Double(transitionSteps)
        let decayed = Double(peak) * Foundation.pow(Double(decayRate), progress)
        return Float(max(decayed, Double(peak * decayRate)))
    }
}

