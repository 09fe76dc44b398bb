import AltaTensors
import Testing

@Suite("Masked softmax")
struct SoftmaxTests {
    /// Checks `Softmax.rows` against the `Double` reference for one configuration.
    func check(rows: Int, columns: Int, maskFill: Double?, sink: Float?, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var logits = rng.matrix(rows, columns)
        for i in logits.values.indices { logits.values[i] *= 8 }
        let allowed: [Bool]? = maskFill.map { fill in
            (0..<(rows * columns)).map { _ in Double.random(in: 0..<1, using: &rng) < fill }
        }
        let original = logits
        Softmax.rows(&logits, allowed: allowed, extraLogit: sink)
        for r in 0..<rows {
            let range = (r * columns)..<((r + 1) * columns)
            let expected = Reference.softmax(
                Array(original.values[range]), allowed: allowed.map { Array($0[range]) }, extra: sink)
            for (got, want) in zip(logits.values[range], expected) {
                #expect(abs(Double(got) - want) <= 2e-6 * max(1, want), "row \(r)")
            }
            if let allowed {
                for i in range where !allowed[i] { #expect(logits.values[i] == 0) }
            }
        }
    }

    @Test("matches the reference for widths around the vector size",
          arguments: [0, 1, 2, 7, 8, 9, 15, 16, 17, 33])
    func widths(columns: Int) {
        check(rows: 5, columns: columns, maskFill: nil, sink: nil, seed: UInt64(columns))
        check(rows: 5, columns: columns, maskFill: 0.6, sink: nil, seed: UInt64(columns) + 50)
        check(rows: 5, columns: columns, maskFill: 0.6, sink: 0.5, seed: UInt64(columns) + 90)
        check(rows: 5, columns: columns, maskFill: nil, sink: -3, seed: UInt64(columns) + 130)
    }

    @Test("visible rows sum to one; a sink takes its share")
    func sums() throws {
        var logits = try Matrix([[0, 0, 0, 0], [1, 2, 3, 4]])
        Softmax.rows(&logits)
        #expect(abs(logits.row(0).reduce(0, +) - 1) < 1e-6)
        #expect(abs(logits[0, 0] - 0.25) < 1e-7)
        var withSink = try Matrix([[0, 0, 0]])
        Softmax.rows(&withSink, allowed: nil, extraLogit: 0)
        for x in withSink.values { #expect(abs(x - 0.25) < 1e-7) }
    }

    @Test("a fully masked row is zero without a sink and zero-weighted with one")
    func fullyMasked() throws {
        var logits = try Matrix([[3, 1, 2], [5, 6, 7], [1, 1, 1]])
        let allowed = [false, false, false, true, false, true, false, false, false]
        var noSink = logits
        Softmax.rows(&noSink, allowed: allowed)
        #expect(noSink.row(0) == [0, 0, 0])
        #expect(noSink.row(2) == [0, 0, 0])
        #expect(abs(noSink[1, 0] + noSink[1, 2] - 1) < 1e-6 && noSink[1, 1] == 0)
        // With a sink, masked rows still have nothing to attend to: all weight on the sink.
        Softmax.rows(&logits, allowed: allowed, extraLogit: 2)
        #expect(logits.row(0) == [0, 0, 0])
        #expect(logits.row(2) == [0, 0, 0])
        let e5 = Float(Foundation.exp(Double(-2))), e7: Float = 1, sink = Float(Foundation.exp(Double(-5)))
        #expect(abs(logits[1, 0] - e5 / (e5 + e7 + sink)) < 1e-6)
    }

    @Test("minus-infinity logits get zero weight; all minus infinity is a zero row")
    func infinities() throws {
        var logits = try Matrix([[-.infinity, 0, -.infinity], [-.infinity, -.infinity, -.infinity]])
        Softmax.rows(&logits)
        #expect(logits.row(0) == [0, 1, 0])
        #expect(logits.row(1) == [0, 0, 0])
    }
}

import Foundation

@Suite("Block softmax")
struct BlockSoftmaxTests {
    /// `Softmax.block` must give exactly what `Softmax.row` gives on every row, with and
    /// without a repeating mask and a sink, including fully masked rows.
    @Test("equals the row softmax on every row", arguments: [(1, 1), (3, 1), (4, 3), (12, 6), (10, 5), (7, 7), (9, 17)])
    func matchesRows(rows: Int, columns: Int) {
        var rng = SplitMix64(seed: UInt64(rows * 100 + columns))
        let maskRows = max(1, columns)
        let mask = (0..<(maskRows * columns)).map { _ in Double.random(in: 0..<1, using: &rng) < 0.6 }
        for masked in [false, true] {
            for sink: Float? in [nil, 0.3] {
                var logits = rng.matrix(rows, columns)
                for i in logits.values.indices { logits.values[i] *= 9 }
                var expected = logits
                expected.values.withUnsafeMutableBufferPointer { e in
                    mask.withUnsafeBufferPointer { m in
                        for r in 0..<rows {
                            Softmax.row(
                                e.baseAddress! + r * columns, count: columns,
                                allowed: masked ? m.baseAddress! + (r % maskRows) * columns : nil, extraLogit: sink)
                        }
                    }
                }
                logits.values.withUnsafeMutableBufferPointer { l in
                    mask.withUnsafeBufferPointer { m in
                        Softmax.block(
                            l.baseAddress!, rows: rows, columns: columns, allowed: masked ? m.baseAddress! : nil,
                            maskRows: maskRows, extraLogit: sink)
                    }
                }
                #expect(logits == expected, "masked \(masked), sink \(String(describing: sink))")
            }
        }
    }

    @Test("the initialising initialiser takes the floats in row-major order")
    func initialisingInitialiser() throws {
        let m = Matrix(rows: 2, columns: 3) { values in
            for i in 0..<6 { values[i] = Float(i + 1) }
        }
        #expect(m == (try Matrix([[1, 2, 3], [4, 5, 6]])))
        #expect(Matrix(rows: 0, columns: 4) { _ in }.shape == [0, 4])
    }
}
