import AltaTensors

/// The first two maps of an MLP, worked out once per residual column where they act column by
/// column, so that a pass looks their result up instead of evaluating them.
///
/// A compiled ALTA MLP begins by turning each variable into indicators: the first map's units
/// each read one residual column, and the second map's units combine units of the same
/// column. Columns are grouped into **components**: a first-map unit joins the columns it
/// reads, and a second-map unit the components of the first-map units it reads. A column
/// alone in its component is **covered**: the second map's units it reaches depend on it
/// alone, so their values when the column is 1 (every one-hot entry) are computed here once,
/// by the same `SparseMapPlan.evaluate` calls a pass makes — the same floats. A pass
/// evaluates the two maps only on the other entries of a row (other columns, other values)
/// and adds the table's units for the rest; the units of different components are disjoint,
/// and the maps after the second do not depend on the order of their inputs.
///
/// Only for maps without live units (units non-zero with no input), which would be non-zero
/// for columns a row does not hold (`init` returns nil otherwise). On SCAN the two maps were
/// 40% of a run.
///
/// Read-only after `init`; its arrays live behind pointers so that the hot loop pays no
/// reference counting.
final class ColumnTable: @unchecked Sendable {
    /// The input value the table holds results for.
    static let input: Float = 1

    /// `[dModel]`: whether column `c` is alone in its component.
    let covered: UnsafeMutablePointer<Bool>
    /// `[dModel + 1]`: column `c`'s second-map units at input 1 are entries
    /// `starts[c]..<starts[c+1]` of `units` and `values` (in the order `evaluate` wrote them).
    let starts: UnsafeMutablePointer<Int>
    let units: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>
    /// `[dModel]`: whether the first map reads column `c`, and the component it belongs to
    /// (numbered by one of its columns).
    let reads: UnsafeMutablePointer<Bool>
    let component: UnsafeMutablePointer<Int32>

    /// The table of `first` and `second` (the maps of `firstLayer` and `secondLayer`), one
    /// entry per residual column (`first.inputWidth`); nil when a map has live units or no
    /// column is covered.
    init?(first: SparseMapPlan, second: SparseMapPlan, firstLayer: LinearLayer, secondLayer: LinearLayer) {
        guard first.liveUnits.isEmpty, second.liveUnits.isEmpty, second.inputWidth == first.outputWidth else { return nil }
        let dModel = first.inputWidth
        var parent = Array(0..<dModel)
        func root(_ c: Int) -> Int {
            var c = c
            while parent[c] != c {
                parent[c] = parent[parent[c]]
                c = parent[c]
            }
            return c
        }
        func join(_ a: Int, _ b: Int) { parent[root(a)] = root(b) }
        // A column each first-map unit reads (−1: none), after joining all it reads.
        var columnOfUnit = [Int](repeating: -1, count: first.outputWidth)
        var reads = [Bool](repeating: false, count: dModel)
        for e in firstLayer.weight.nonZeroEntries {
            reads[e.row] = true
            if columnOfUnit[e.column] >= 0 { join(columnOfUnit[e.column], e.row) } else { columnOfUnit[e.column] = e.row }
        }
        var columnOfSecond = [Int](repeating: -1, count: second.outputWidth)
        for e in secondLayer.weight.nonZeroEntries {
            let c = columnOfUnit[e.row]
            guard c >= 0 else { continue }
            if columnOfSecond[e.column] >= 0 { join(columnOfSecond[e.column], c) } else { columnOfSecond[e.column] = c }
        }
        var size = [Int](repeating: 0, count: dModel)
        for c in 0..<dModel { size[root(c)] += 1 }
        let covered = (0..<dModel).map { size[root($0)] == 1 }
        guard covered.contains(true) else { return nil }

        let hidden = SparseBuffer(width: first.outputWidth)
        let output = SparseBuffer(width: second.outputWidth)
        let done = SparseBuffer(width: max(first.outputWidth, second.outputWidth))
        var starts = [0]
        var units: [Int32] = []
        var values: [Float] = []
        var index: Int32 = 0
        var one = Self.input
        for c in 0..<dModel {
            if covered[c] {
                index = Int32(c)
                first.evaluate(input: nil, aligned: &one, indices: &index, count: 1, sorted: true, into: hidden, scratch: done)
                second.evaluate(after: hidden, into: output, scratch: done)
                for k in 0..<output.count {
                    let j = output.indices[k]
                    units.append(j)
                    values.append(output.values[Int(j)])
                }
                hidden.clear()
                output.clear()
            }
            starts.append(units.count)
        }
        self.reads = Self.copy(reads)
        component = Self.copy((0..<dModel).map { Int32(root($0)) })
        self.covered = Self.copy(covered)
        self.starts = Self.copy(starts)
        self.units = Self.copy(units)
        self.values = Self.copy(values)
    }

    deinit {
        covered.deallocate()
        starts.deallocate()
        units.deallocate()
        values.deallocate()
        reads.deallocate()
        component.deallocate()
    }

    private static func copy<Element>(_ array: [Element]) -> UnsafeMutablePointer<Element> {
        let pointer = UnsafeMutablePointer<Element>.allocate(capacity: max(array.count, 1))
        pointer.initialize(from: array, count: array.count)
        return pointer
    }
}
