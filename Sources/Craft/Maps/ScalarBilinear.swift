/// A bilinear form `xᵀ M y` between two labelled spaces (the QK circuit of a head:
/// `left` = query space, `right` = key space).
public struct ScalarBilinear: Sendable, Hashable {
    /// The query-side space.
    public let left: VectorSpace
    /// The key-side space.
    public let right: VectorSpace
    /// `[left.count, right.count]`
    public private(set) var matrix: CraftMatrix

    /// A form from its matrix `[left.count, right.count]`.
    public init(left: VectorSpace, right: VectorSpace, matrix: CraftMatrix) {
        precondition(matrix.rows == left.count && matrix.columns == right.count,
            "ScalarBilinear matrix is [\(matrix.rows), \(matrix.columns)], spaces are \(left.count) × \(right.count)")
        self.left = left
        self.right = right
        self.matrix = matrix
    }

    /// `M[l, r] = action(l, r)` for every pair of basis directions.
    public static func fromAction(
        left: VectorSpace, right: VectorSpace, _ action: (BasisDirection, BasisDirection) -> Double
    ) -> ScalarBilinear {
        var matrix = CraftMatrix(rows: left.count, columns: right.count)
        for (i, l) in left.basis.enumerated() {
            for (j, r) in right.basis.enumerated() {
                let v = action(l, r)
                if v != 0 { matrix[i, j] = v }
            }
        }
        return ScalarBilinear(left: left, right: right, matrix: matrix)
    }

    /// `xᵀ M y` (components outside the spaces are ignored).
    public func apply(_ x: VectorInBasis, _ y: VectorInBasis) -> Double {
        var total = 0.0
        for (l, a) in x.components {
            guard let i = left.index(of: l) else { continue }
            for (j, w) in matrix.rowEntries[i] { total += a * w * y[right.basis[j]] }
        }
        return total
    }

    /// The entry for the pair (`l`, `r`), 0 outside the spaces.
    public func weight(_ l: BasisDirection, _ r: BasisDirection) -> Double {
        guard let i = left.index(of: l), let j = right.index(of: r) else { return 0 }
        return matrix[i, j]
    }

    /// The form scaled by `factor`.
    public func scaled(by factor: Double) -> ScalarBilinear {
        var m = CraftMatrix(rows: matrix.rows, columns: matrix.columns)
        for (r, row) in matrix.rowEntries.enumerated() {
            for (c, v) in row { m[r, c] = v * factor }
        }
        return ScalarBilinear(left: left, right: right, matrix: m)
    }
}
