import AltaTensors
import Testing
@testable import AltaTransformer

/// The sparse-rows backend's table of an MLP's first two maps per one-hot column
/// (`ColumnTable`): it holds what the dense maps compute for a column set to 1 alone, covers
/// exactly the columns alone in their component, and passes that look it up equal the
/// reference bit for bit (entries of 1 come from the table, other values and shared columns
/// are evaluated).
@Suite struct ColumnTableTests {
    @Test(arguments: 0..<24)
    func theTableIsTheDenseMapsOnOneColumn(seed: Int) throws {
        var generator = SparseModelGenerator(rng: SplitMix64(seed: UInt64(seed) &* 104_729 &+ 3))
        let model = try generator.model(columnLocal: true)
        let plans = SparseForward(model: model)
        for (l, layer) in model.layers.enumerated() {
            let table = try #require(plans.layers[l].columnTable)
            let ff = layer.feedForward
            let first = ff.layers[0].weight.nonZeroEntries, second = ff.layers[1].weight.nonZeroEntries
            for c in 0..<model.dModel {
                // Covered: no first-map unit reading c reads another column, and no second-map
                // unit reading one of c's units reads a unit of another column.
                let units = Set(first.filter { $0.row == c }.map(\.column))
                let sharedUnit = first.contains { units.contains($0.column) && $0.row != c }
                let reached = Set(second.filter { units.contains($0.row) }.map(\.column))
                let sharedSecond = second.contains { reached.contains($0.column) && !units.contains($0.row) }
                #expect(table.covered[c] == !(sharedUnit || sharedSecond), "column \(c)")
                guard table.covered[c] else { continue }
                // [1, dModel] → [1, hidden] → [1, second]
                var x = Matrix(rows: 1, columns: model.dModel)
                x[0, c] = ColumnTable.input
                var hidden = try ff.layers[0].apply(to: x)
                ff.activation.apply(to: &hidden)
                var out = try ff.layers[1].apply(to: hidden)
                if ff.layers.count > 2 { ff.activation.apply(to: &out) }
                var expected: [Int32: Float] = [:]
                for (j, v) in out.values.enumerated() where v != 0 { expected[Int32(j)] = v }
                var stored: [Int32: Float] = [:]
                for e in table.starts[c]..<table.starts[c + 1] { stored[table.units[e]] = table.values[e] }
                #expect(stored == expected, "column \(c)")
            }
        }
        var batch: [[Int]] = []
        for _ in 0..<3 {
            let t = Int.random(in: 1...7, using: &generator.rng)
            batch.append((0..<t).map { _ in Int.random(in: 0..<5, using: &generator.rng) })
        }
        try SparseBackendTests.expectBothBackendsMatchReference(model, batch)
    }

    /// Maps with a unit that is non-zero without input get no table (it would be missing
    /// from rows that do not hold its column).
    @Test func liveUnitsMeanNoTable() throws {
        var generator = SparseModelGenerator(rng: SplitMix64(seed: 5))
        let model = try generator.model(columnLocal: true)
        var layer = model.layers[0]
        var first = layer.feedForward.layers[0]
        first.bias[0] = 0.5
        layer.feedForward.layers[0] = first
        var live = model
        live.layers[0] = layer
        #expect(SparseForward(model: live).layers[0].columnTable == nil)
        #expect(SparseForward(model: model).layers[0].columnTable != nil)
    }
}
