/// Linear warm-up then exponential decay with a floor, as the original's optax schedule
/// (ALTA.md §13.2): `lr · s / warmup` for step `s < warmup`, then
/// `max(lr · decay^((s − warmup) / transitionSteps), lr · decay)`.
public struct LearningRateSchedule: Sendable, Equatable {
    /// Peak rate.
    public let peak: Float
    /// Warm-up steps.
    public let warmupSteps: Int
    /// Decay factor over `transitionSteps` (also the floor's factor).
    public let decayRate: Float
    /// Steps over which the rate falls by `decayRate`.
    public let transitionSteps: Int

    /// A schedule.
    public init(peak: Float, warmupSteps: Int, decayRate: Float, transitionSteps: Int) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.decayRate = decayRate
        self.transitionSteps = max(1, transitionSteps)
    }

    /// The rate at 0-based step `step`.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step) / Float(warmupSteps) }
        let progress = Double(step - warmupSteps) / Double(transitionSteps)
        let decayed = Double(peak) * Foundation.pow(Double(decayRate), progress)
        return Float(max(decayed, Double(peak * decayRate)))
    }
}

import Foundation
