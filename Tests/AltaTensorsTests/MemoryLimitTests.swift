import AltaTensors
import Testing

/// Sizes are parsed, counted without overflow and checked against the limit with a
/// message giving the size needed and how to raise the limit.
@Suite struct MemoryLimitTests {
    @Test func parsesSizesWithBinarySuffixes() {
        #expect(MemoryLimit.parse("1024") == 1024)
        #expect(MemoryLimit.parse("50M") == 50 << 20)
        #expect(MemoryLimit.parse("8G") == 8 << 30)
        #expect(MemoryLimit.parse("16GiB") == 16 << 30)
        #expect(MemoryLimit.parse("2t") == 2 << 40)
        for bad in ["", "G", "0", "-5G", "1.5G", "abc", "99999999999T", "9223372036854775808"] {
            #expect(MemoryLimit.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func countsBytesWithoutOverflow() {
        #expect(MemoryLimit.bytes(of: [3, 5]) == 60)
        #expect(MemoryLimit.bytes(of: [3, -5]) == nil)
        #expect(MemoryLimit.bytes(of: [Int.max, 2]) == nil)
        #expect(MemoryLimit.sum([1, 2, 3]) == 6)
        #expect(MemoryLimit.sum([1, nil]) == nil)
        #expect(MemoryLimit.sum([Int.max, 1]) == nil)
    }

    @Test func refusesAboveTheLimitGivingTheSizeNeeded() throws {
        let limit = MemoryLimit(bytes: 50 << 20)
        try limit.check(50 << 20, for: "x")
        do {
            try limit.check(3 << 30, for: "the model")
            Issue.record("3 GiB must exceed a 50 MiB limit")
        } catch {
            #expect(error.description == "the model needs 3.0 GiB, more than the memory limit of 50.0 MiB; raise it with ALTA_MEMORY_LIMIT (e.g. ALTA_MEMORY_LIMIT=64G) if the machine has the memory")
        }
        do {
            try limit.check(nil, for: "the model")
            Issue.record("an uncountable size must be refused")
        } catch {
            #expect(error == .exceeded(what: "the model", bytes: nil, limit: 50 << 20))
            #expect(error.description.hasPrefix("the model needs more than 8 EiB"))
        }
    }

    @Test func elementCountRefusesNegativeAndOverflowingShapes() throws {
        #expect(try Matrix.elementCount(rows: 4, columns: 5) == 20)
        #expect(throws: TensorError.invalidShape([-1, 5])) { try Matrix.elementCount(rows: -1, columns: 5) }
        #expect(throws: TensorError.invalidShape([Int.max, 2])) { try Matrix.elementCount(rows: Int.max, columns: 2) }
    }
}
