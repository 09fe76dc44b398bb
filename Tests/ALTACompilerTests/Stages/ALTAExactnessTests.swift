import ALTA
import Foundation
import AltaTestSupport
import Testing
@testable import ALTACompiler

/// `ALTAExactness`: the constants derived by hand from float32 and the value sets.
@Suite struct ALTAExactnessTests {
    /// exp(−x) underflows float32 to 0 only once x exceeds about 103.97 (below the smallest
    /// subnormal 2⁻¹⁴⁹): λ / 2 = 64 is not enough (exp(−64) ≈ 1.6e−28), λ / 2 = 128 is. So
    /// λ = 256.
    @Test func sharpnessIsTheSmallestPowerOfTwoWhoseHalfUnderflows() {
        #expect(ALTAExactness.derivedSharpness() == 256)
        #expect(Foundation.exp(Float(-64)) != 0 && Foundation.exp(Float(-128)) == 0)
    }

    static func numbers(_ buckets: [Double], largest: Double) throws -> ALTAProgram {
        try ALTAProgram(
            name: "numbers", inputRange: 1,
            variables: [.numerical("n", buckets: buckets, default: buckets[0])], output: "n"
        ) { b in try b.when("n", is: .number(buckets[0])) { try b.set("n", number: largest) } }
    }

    /// Buckets 0, 1, 2: thresholds at the midpoints 0.5 and 1.5, half-gap 0.5, window a quarter
    /// of it (0.125, far above float32's rounding), slope 3 / 0.125 = 24; the largest |value|
    /// is 2, so the pass-through scale is 2. Buckets 0, 1, 3: the largest value 3 rounds up to
    /// the scale 4, and the second gap (half-gap 1) gets its own window 0.25.
    @Test func thresholdsWindowsAndScale() throws {
        let stages = try CompilerStages(try Self.numbers([0, 1, 2], largest: 2), maxLength: 4)
        let n = try #require(stages.exactness.numerical["n"])
        #expect(n.scale == 2 && n.magnitude == 2)
        #expect(n.thresholds.map(\.threshold) == [0.5, 1.5])
        #expect(n.thresholds.map(\.halfGap) == [0.5, 0.5])
        #expect(n.thresholds.map(\.window) == [0.125, 0.125])
        #expect(n.thresholds.map(\.slope) == [24, 24])
        let uneven = try #require(try CompilerStages(try Self.numbers([0, 1, 3], largest: 3), maxLength: 4).exactness.numerical["n"])
        #expect(uneven.scale == 4 && uneven.magnitude == 3)
        #expect(uneven.thresholds.map(\.threshold) == [0.5, 2])
        #expect(uneven.thresholds.map(\.window) == [0.125, 0.25])
    }

    /// Float32 has 24 significant bits: near 10⁶ its spacing is 2⁻⁴ = 0.0625, so centres 10⁶
    /// and 10⁶ + 0.05 cannot both be represented apart, let alone told apart by a step unit.
    @Test func bucketsFloat32CannotSeparateAreRefusedBeforeWeightsExist() throws {
        let reason = "bucket centres 1000000.0 and 1000000.05 are 0.05000000004656613 apart, but float32 rounding of values near 1000000.025 (magnitude up to 1000000.05) needs a gap of at least 2.861023038625717"
        expectError(ALTACompilerError.notExactInFloat32(variable: "n", reason: reason),
                    message: "variable 'n': float32 cannot be exact: \(reason)") {
            try CompilerStages(try Self.numbers([1e6, 1e6 + 0.05], largest: 1e6 + 0.05), maxLength: 4)
        }
    }

    /// A sharpness below 256 would leave non-zero weight on unselected keys: refused; a larger
    /// one is used as given.
    @Test func aRequestedSharpnessMustKeepAttentionExact() throws {
        let program = try Self.numbers([0, 1], largest: 1)
        expectError(ALTACompilerError.invalidOption("attention sharpness 128.0 is below 256.0, the smallest value for which float32 attention is exact"),
                    message: "invalid compiler option: attention sharpness 128.0 is below 256.0, the smallest value for which float32 attention is exact") {
            try CompilerStages(program, maxLength: 4, sharpness: 128)
        }
        #expect(try CompilerStages(program, maxLength: 4, sharpness: 1024).exactness.sharpness == 1024)
    }

    /// The metadata states the range in which the model is exact.
    @Test func metadataRecordsTheExactRange() throws {
        let metadata = try CompilerStages(try Self.numbers([0, 1, 2], largest: 2), maxLength: 7).exactness.metadata()
        #expect(metadata["alta.attention_sharpness"] == "256.0")
        #expect(metadata["alta.exact.max_length"] == "7")
        #expect(metadata["alta.exact.numerical.n"] == "thresholds 2, largest window 0.125 (0.25 of the half-gap), pass-through scale 2.0")
    }
}
