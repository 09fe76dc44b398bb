import Craft

/// Hidden units of one MLP map while they are being built: for each unit its incoming weights
/// (input index → weight), its bias and a description (for inspection).
struct ALTAHiddenLayer {
    /// `[units]`: incoming `(input index, weight)` pairs.
    private(set) var weights: [[(input: Int, weight: Double)]] = []
    /// `[units]`
    private(set) var biases: [Double] = []
    /// `[units]`: what each unit computes, e.g. `rule 12` or `x > 0.5`.
    private(set) var descriptions: [String] = []
    /// `[units]`: how selective a unit's being non-zero is (the number of alternatives of the
    /// variable it comes from; 1 for units that are often non-zero).
    private(set) var rarity: [Int] = []

    var count: Int { biases.count }

    /// Adds a unit and returns its index.
    @discardableResult
    mutating func add(_ inputs: [(Int, Double)], bias: Double = 0, description: String, rarity: Int = 1) -> Int {
        weights.append(inputs.filter { $0.1 != 0 }.map { (input: $0.0, weight: $0.1) })
        biases.append(bias)
        descriptions.append(description)
        self.rarity.append(rarity)
        return biases.count - 1
    }

    /// The map `input → hidden` as a Craft linear map (`[input.count, count]`).
    func linear(input: VectorSpace, output: VectorSpace) -> Linear {
        var matrix = CraftMatrix(rows: input.count, columns: count)
        for (unit, incoming) in weights.enumerated() {
            for (i, w) in incoming { matrix.add(w, row: i, column: unit) }
        }
        return Linear(input: input, output: output, matrix: matrix, bias: biases)
    }

    /// The hidden space of this layer: one direction `name:k` per unit.
    func space(named name: String) -> VectorSpace {
        let directions = (0..<count).map { BasisDirection(name, .int($0)) }
        return (try? VectorSpace(ordered: directions)) ?? VectorSpace(directions)
    }
}
