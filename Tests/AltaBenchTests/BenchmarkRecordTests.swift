import Testing
@testable import AltaBench

/// A record prints as one sorted JSON line, its decimals shortened as its benchmark asks.
@Suite struct BenchmarkRecordTests {
    @Test func microunitsRoundToSixDecimalPlaces() {
        let record = BenchmarkRecord(["benchmark": "rasp", "compile_s": 0.123456789, "layers": 3])
        #expect(record.jsonLine == #"{"benchmark":"rasp","compile_s":0.123457,"layers":3}"#)
    }

    @Test func significantDigitsKeepFive() {
        let record = BenchmarkRecord(["alta_gflops": 123.456789, "alta_ms": 0.000123456], rounding: .significantDigits)
        #expect(record.jsonLine == #"{"alta_gflops":123.46,"alta_ms":0.00012346}"#)
    }

    @Test func nonFiniteNumbersBecomeNull() {
        let record = BenchmarkRecord(["ratio": Double.infinity, "nan": Double.nan])
        #expect(record.jsonLine == #"{"nan":null,"ratio":null}"#)
    }

    @Test func theScaleSlopeOfAPowerLawIsItsExponent() throws {
        let points = [8.0, 16, 32].map { ($0, 5 * $0 * $0) }
        let slope = try #require(ScaleBenchmark.slope(points))
        #expect(abs(slope - 2) < 1e-12)
        #expect(ScaleBenchmark.slope([(8, 1)]) == nil)
    }
}
