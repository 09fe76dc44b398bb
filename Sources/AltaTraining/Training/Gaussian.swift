import AltaTensors
import Foundation

/// Standard normal draws from a `SplitMix64` (Box–Muller on 53-bit uniforms), so a seed gives
/// the same numbers on every platform.
enum Gaussian {
    /// One N(0, 1) sample.
    static func sample(_ random: inout SplitMix64) -> Float {
        let u1 = (Double(random.next() >> 11) + 1) / Double(1 << 53)   // (0, 1]
        let u2 = Double(random.next() >> 11) / Double(1 << 53)
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }
}
