import AltaTensors

/// How ``TransformerModel/export(to:name:extraFiles:encoding:)`` stores each tensor of
/// `model.safetensors`.
public enum TensorEncoding: String, Sendable, CaseIterable {
    /// A tensor whose sparse parts take at most half its dense bytes is stored sparse (see
    /// ``ExportedTensor``); the others dense. Compiled models are mostly zeros, so most
    /// weights end up sparse.
    case automatic
    /// Every tensor dense, under its TransformerLens name (for loaders that need that).
    case dense
}

/// One padded export tensor, held as its non-zero entries.
///
/// Stored dense, it is the tensor `name` itself. Stored sparse, it is three tensors:
///
/// * `name.sparse_shape` — `I64 [rank]`: the dense shape;
/// * `name.sparse_indices` — `I64 [nnz]`: flat row-major positions in the dense tensor,
///   strictly ascending;
/// * `name.sparse_values` — `F32 [nnz]`: the values at those positions.
///
/// Every other position is `+0.0`. An entry is kept when its bits are not all zero, so
/// `−0.0` survives and the dense form is bit-identical either way.
struct ExportedTensor: Equatable {
    /// The dense shape.
    let shape: [Int]
    /// `[nnz]`: flat row-major positions, ascending.
    private(set) var indices: [Int64] = []
    /// `[nnz]`: the value at each position.
    private(set) var values: [Float] = []

    static let shapeSuffix = ".sparse_shape"
    static let indicesSuffix = ".sparse_indices"
    static let valuesSuffix = ".sparse_values"

    /// Number of dense elements.
    var elementCount: Int { shape.reduce(1, *) }

    /// `[count, rows, columns]` (`shape` may leave out the leading `count`): part `i` in
    /// the top-left corner of block `i`, zeros elsewhere.
    init(stacking parts: [WeightMatrix], shape: [Int], rows: Int, columns: Int) {
        self.shape = shape
        for (i, part) in parts.enumerated() {
            let base = i * rows
            switch part {
            case let .sparse(s):
                for r in 0..<s.rows {
                    let rowBase = Int64((base + r) * columns)
                    for e in s.rowStarts[r]..<s.rowStarts[r + 1] {
                        append(rowBase + Int64(s.columnIndices[e]), s.storedValues[e])
                    }
                }
            case let .dense(m):
                for r in 0..<m.rows {
                    let rowBase = (base + r) * columns
                    for c in 0..<m.columns { append(Int64(rowBase + c), m.values[r * m.columns + c]) }
                }
            }
        }
    }

    /// A tensor from its dense row-major values.
    init(dense: [Float], shape: [Int]) {
        self.shape = shape
        for (i, v) in dense.enumerated() { append(Int64(i), v) }
    }

    /// A tensor from its sparse parts, as stored (checked by ``decode(_:from:)``).
    private init(shape: [Int], indices: [Int64], values: [Float]) {
        self.shape = shape
        self.indices = indices
        self.values = values
    }

    private mutating func append(_ index: Int64, _ value: Float) {
        guard value.bitPattern != 0 else { return }
        indices.append(index)
        values.append(value)
    }

    /// Every entry multiplied by `factor` (exact, in both directions, when `factor` is a
    /// power of two: how the attention scale is folded into `W_Q` and taken out again).
    func scaled(by factor: Float) -> ExportedTensor {
        factor == 1 ? self : ExportedTensor(shape: shape, indices: indices, values: values.map { $0 * factor })
    }

    /// The dense row-major values.
    var denseValues: [Float] {
        var out = [Float](repeating: 0, count: elementCount)
        for (i, v) in zip(indices, values) { out[Int(i)] = v }
        return out
    }

    /// Whether ``TensorEncoding/automatic`` stores this tensor sparse: when its parts (12
    /// bytes per entry, 8 per dimension, and about 160 bytes for two more header entries)
    /// take at most half its 4 bytes per dense element.
    var prefersSparse: Bool {
        12 * values.count + 8 * shape.count + 160 <= 2 * elementCount
    }

    /// The bytes of this tensor's data in `model.safetensors` when stored as `encoding`
    /// says; nil when too large to count.
    func storedBytes(as encoding: TensorEncoding) -> Int? {
        if encoding == .automatic, prefersSparse { return 12 * values.count + 8 * shape.count }
        return MemoryLimit.bytes(of: shape)
    }

    /// The safetensors entries of this tensor under `name`.
    func encoded(name: String, as encoding: TensorEncoding) -> [String: SafeTensor] {
        // The shapes are computed here from the counts, so these cannot fail.
        if encoding == .automatic, prefersSparse,
            let shapeTensor = try? SafeTensor(int64: shape.map(Int64.init), shape: [shape.count]),
            let indexTensor = try? SafeTensor(int64: indices, shape: [indices.count]),
            let valueTensor = try? SafeTensor(float32: values, shape: [values.count])
        {
            return [
                name + Self.shapeSuffix: shapeTensor, name + Self.indicesSuffix: indexTensor,
                name + Self.valuesSuffix: valueTensor,
            ]
        }
        guard let dense = try? SafeTensor(float32: denseValues, shape: shape) else { return [:] }
        return [name: dense]
    }

    /// The sparse tensor `name` in `tensors`, checked against `expected`; `nil` when
    /// `tensors` has no sparse parts for `name` (it may then hold `name` dense).
    static func decode(
        _ name: String, from tensors: [String: SafeTensor], expected: [Int]
    ) throws(ExportError) -> ExportedTensor? {
        let shapeName = name + shapeSuffix
        let indexName = name + indicesSuffix
        let valueName = name + valuesSuffix
        let present = [shapeName, indexName, valueName].filter { tensors[$0] != nil }
        if present.isEmpty { return nil }
        if tensors[name] != nil {
            throw .weights("tensor '\(name)' is stored both dense and sparse")
        }
        guard let shapeTensor = tensors[shapeName] else { throw .missingTensor(shapeName) }
        guard let indexTensor = tensors[indexName] else { throw .missingTensor(indexName) }
        guard let valueTensor = tensors[valueName] else { throw .missingTensor(valueName) }
        for (partName, tensor) in [(shapeName, shapeTensor), (indexName, indexTensor)] where tensor.dtype != .I64 {
            throw .weights("tensor '\(partName)' has dtype \(tensor.dtype.rawValue), expected I64")
        }
        guard shapeTensor.shape.count == 1, indexTensor.shape.count == 1, valueTensor.shape.count == 1 else {
            throw .weights("the sparse parts of '\(name)' must be one-dimensional")
        }
        let shape: [Int64]
        let indices: [Int64]
        let values: [Float]
        do {
            shape = try shapeTensor.int64Values()
            indices = try indexTensor.int64Values()
            values = try valueTensor.float32Values()
        } catch {
            throw .weights("sparse tensor '\(name)': \(error)")
        }
        guard shape.map(Int.init) == expected else {
            throw .tensorShape(name: name, expected: expected, found: shape.map(Int.init))
        }
        guard indices.count == values.count else {
            throw .weights("sparse tensor '\(name)' has \(indices.count) indices but \(values.count) values")
        }
        var product = 1
        for n in expected {
            let (next, overflow) = product.multipliedReportingOverflow(by: n)
            guard !overflow, n >= 0 else { throw .weights("sparse tensor '\(name)': shape \(expected) is too large") }
            product = next
        }
        let count = Int64(product)
        var previous: Int64 = -1
        for index in indices {
            guard index > previous, index < count else {
                throw .weights(
                    "sparse tensor '\(name)': index \(index) is out of order or outside its \(count) elements")
            }
            previous = index
        }
        if let position = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteWeight(tensor: name, index: Int(indices[position]), value: values[position])
        }
        return ExportedTensor(shape: expected, indices: indices, values: values)
    }

    /// Block `index` of a `[count, rows, columns]` tensor cut to `[keepRows, keepColumns]`,
    /// stored as ``WeightMatrix`` chooses for its fill (as for a dense tensor).
    func block(index: Int, rows: Int, columns: Int, keepRows: Int, keepColumns: Int) -> WeightMatrix {
        let begin = Int64(index * rows * columns)
        let end = begin + Int64(rows * columns)
        var low = 0
        var high = indices.count
        while low < high {
            let mid = (low + high) / 2
            if indices[mid] < begin { low = mid + 1 } else { high = mid }
        }
        var entries: [(row: Int, column: Int, value: Float)] = []
        var nonZero = 0
        var e = low
        while e < indices.count, indices[e] < end {
            let offset = Int(indices[e] - begin)
            let (r, c) = (offset / columns, offset % columns)
            if r < keepRows, c < keepColumns {
                entries.append((r, c, values[e]))
                if values[e] != 0 { nonZero += 1 }
            }
            e += 1
        }
        let total = keepRows * keepColumns
        if total == 0 || Double(nonZero) > 0.1 * Double(total) {
            var m = Matrix(rows: keepRows, columns: keepColumns)
            for entry in entries { m.values[entry.row * keepColumns + entry.column] = entry.value }
            return .dense(m)
        }
        var starts = [Int](repeating: 0, count: keepRows + 1)
        var columnIndices: [Int32] = []
        var kept: [Float] = []
        columnIndices.reserveCapacity(nonZero)
        kept.reserveCapacity(nonZero)
        for entry in entries where entry.value != 0 {
            starts[entry.row + 1] += 1
            columnIndices.append(Int32(entry.column))
            kept.append(entry.value)
        }
        for r in 0..<keepRows { starts[r + 1] += starts[r] }
        // Entries arrive row by row in column order, in range: the structure is valid.
        guard let sparse = try? SparseMatrix(
            rows: keepRows, columns: keepColumns, rowStarts: starts, columnIndices: columnIndices, values: kept)
        else { return .zeros(rows: keepRows, columns: keepColumns) }
        return .sparse(sparse)
    }
}
