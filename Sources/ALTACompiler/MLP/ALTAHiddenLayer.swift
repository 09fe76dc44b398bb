import Craft

/// Hidden units of one MLP map while they are being built: for each unit its incoming weights
/// (input index → weight) and its bias, stored flat.
struct ALTAHiddenLayer {
    /// `[units + 1]`: unit `u`'s inputs are `starts[u]..<starts[u+1]` of `inputs` / `weights`.
    private(set) var starts: [Int] = [0]
    private(set) var inputs: [Int] = []
    private(set) var weights: [Double] = []
    /// `[units]`
    private(set) var biases: [Double] = []

    var count: Int { biases.count }

    /// Adds a unit and returns its index.
    @discardableResult
    mutating func add(_ incoming: [(Int, Double)], bias: Double = 0) -> Int {
        for (i, w) in incoming where w != 0 {
            inputs.append(i)
            weights.append(w)
        }
        starts.append(inputs.count)
        biases.append(bias)
        return biases.count - 1
    }

    /// The map `input → hidden` as a Craft linear map (`[input.count, count]`).
    func linear(input: VectorSpace, output: VectorSpace) -> Linear {
        var matrix = CraftMatrix(rows: input.count, columns: count)
        for unit in 0..<count {
            for e in starts[unit]..<starts[unit + 1] { matrix.add(weights[e], row: inputs[e], column: unit) }
        }
        return Linear(input: input, output: output, matrix: matrix, bias: biases)
    }

    /// The hidden space of this layer: one direction `name:k` per unit.
    func space(named name: String) -> VectorSpace {
        let directions = (0..<count).map { BasisDirection(name, .int($0)) }
        return (try? VectorSpace(ordered: directions)) ?? VectorSpace(directions)
    }
}
