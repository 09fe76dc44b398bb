/// An affine map between labelled spaces acting on row vectors: `y = x @ matrix + bias`.
///
/// Tracr's `Linear` has no bias (it reads the `one` direction instead); ALTA's MLP layers
/// have biases, so a bias over the output space is allowed and defaults to zero.
public struct Linear: Sendable, Hashable {
    /// The space read.
    public let input: VectorSpace
    /// The space written.
    public let output: VectorSpace
    /// `[input.count, output.count]`
    public private(set) var matrix: CraftMatrix
    /// `[output.count]`
    public private(set) var bias: [Double]

    /// A map from its matrix `[input.count, output.count]` and optional bias `[output.count]`.
    public init(input: VectorSpace, output: VectorSpace, matrix: CraftMatrix, bias: [Double]? = nil) {
        precondition(matrix.rows == input.count && matrix.columns == output.count,
            "Linear matrix is [\(matrix.rows), \(matrix.columns)], spaces are \(input.count) → \(output.count)")
        precondition(bias == nil || bias!.count == output.count, "Linear bias width")
        self.input = input
        self.output = output
        self.matrix = matrix
        self.bias = bias ?? [Double](repeating: 0, count: output.count)
    }

    /// The zero map.
    public static func zero(input: VectorSpace, output: VectorSpace) -> Linear {
        Linear(input: input, output: output, matrix: CraftMatrix(rows: input.count, columns: output.count))
    }

    /// Row `i` is the image of the `i`-th input direction: Tracr's `Linear.from_action`.
    /// The images must lie in `output`; `bias`, if given, too.
    public static func fromAction(
        input: VectorSpace, output: VectorSpace, bias: VectorInBasis = .zero,
        _ action: (BasisDirection) throws(CraftError) -> VectorInBasis
    ) throws(CraftError) -> Linear {
        var matrix = CraftMatrix(rows: input.count, columns: output.count)
        for (i, direction) in input.basis.enumerated() {
            let image = try action(direction)
            for (d, v) in image.components {
                guard let j = output.index(of: d) else {
                    throw .directionOutsideSpace(d, space: "the output space of a map (image of '\(direction)')")
                }
                matrix[i, j] = v
            }
        }
        var biasValues = [Double](repeating: 0, count: output.count)
        for (d, v) in bias.components {
            guard let j = output.index(of: d) else {
                throw .directionOutsideSpace(d, space: "the output space of a map (bias)")
            }
            biasValues[j] = v
        }
        return Linear(input: input, output: output, matrix: matrix, bias: biasValues)
    }

    /// A map from its non-zero weights `(from, to, weight)` (repeated pairs add up); every
    /// `from` must be in `input`, every `to` in `output`. Cheaper than
    /// ``fromAction(input:output:bias:_:)`` for large sparse maps.
    public static func fromEntries<S: Sequence>(
        input: VectorSpace, output: VectorSpace, _ entries: S
    ) throws(CraftError) -> Linear where S.Element == (from: BasisDirection, to: BasisDirection, weight: Double) {
        var matrix = CraftMatrix(rows: input.count, columns: output.count)
        for entry in entries {
            guard let i = input.index(of: entry.from) else {
                throw .directionOutsideSpace(entry.from, space: "the input space of a map")
            }
            guard let j = output.index(of: entry.to) else {
                throw .directionOutsideSpace(entry.to, space: "the output space of a map")
            }
            matrix.add(entry.weight, row: i, column: j)
        }
        return Linear(input: input, output: output, matrix: matrix)
    }

    /// Identity on the directions shared by `from` and `to`, zero elsewhere (Tracr's
    /// `project`).
    public static func project(from: VectorSpace, to: VectorSpace) -> Linear {
        var matrix = CraftMatrix(rows: from.count, columns: to.count)
        for (i, d) in from.basis.enumerated() {
            if let j = to.index(of: d) { matrix[i, j] = 1 }
        }
        return Linear(input: from, output: to, matrix: matrix)
    }

    /// Maps acting side by side: input = join of inputs, output = join of outputs, and the
    /// image of a direction (and the bias) is the **sum** over every part that reads it, so
    /// parts sharing output (or hidden) directions add up (Tracr's `combine_in_parallel`).
    public static func combineInParallel(_ maps: [Linear]) -> Linear {
        let input = VectorSpace.join(maps.map(\.input))
        let output = VectorSpace.join(maps.map(\.output))
        var matrix = CraftMatrix(rows: input.count, columns: output.count)
        var bias = [Double](repeating: 0, count: output.count)
        for map in maps {
            let rowIndex = map.input.basis.map { input.index(of: $0)! }
            let columnIndex = map.output.basis.map { output.index(of: $0)! }
            for (r, row) in map.matrix.rowEntries.enumerated() {
                for (c, v) in row { matrix.add(v, row: rowIndex[r], column: columnIndex[c]) }
            }
            for (c, v) in map.bias.enumerated() where v != 0 { bias[columnIndex[c]] += v }
        }
        return Linear(input: input, output: output, matrix: matrix, bias: bias)
    }

    /// `x ↦ next(self(x))`; `next` reads `self.output` (directions it does not read are
    /// dropped, directions it reads that `self` does not write are zero).
    public func then(_ next: Linear) -> Linear {
        let bridge = Linear.project(from: output, to: next.input).matrix
        let matrix = self.matrix.multiplied(by: bridge).multiplied(by: next.matrix)
        var bias = next.bias
        let carried = CraftMatrix(dense: [self.bias]).multiplied(by: bridge).multiplied(by: next.matrix)
        for (c, v) in carried.rowEntries.first ?? [:] { bias[c] += v }
        return Linear(input: input, output: next.output, matrix: matrix, bias: bias)
    }

    /// The image of `x` (its components outside `input` are ignored), bias included.
    public func apply(_ x: VectorInBasis) -> VectorInBasis {
        var result = VectorInBasis()
        for (j, b) in bias.enumerated() where b != 0 { result[output.basis[j]] += b }
        for (d, v) in x.components {
            guard let i = input.index(of: d) else { continue }
            for (j, w) in matrix.rowEntries[i] { result[output.basis[j]] += v * w }
        }
        return result
    }

    /// The entry mapping input direction `from` to output direction `to` (0 if either is
    /// not in the spaces).
    public func weight(from: BasisDirection, to: BasisDirection) -> Double {
        guard let i = input.index(of: from), let j = output.index(of: to) else { return 0 }
        return matrix[i, j]
    }

    /// The bias along output direction `direction`.
    public func bias(of direction: BasisDirection) -> Double {
        output.index(of: direction).map { bias[$0] } ?? 0
    }

    /// Whether the bias is zero.
    public var hasBias: Bool { bias.contains { $0 != 0 } }
}
