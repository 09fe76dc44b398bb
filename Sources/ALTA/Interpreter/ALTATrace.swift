/// The full record of one run: the initial state and, per layer, the state after attention,
/// the state after the MLP and the rules that fired. Every run owns its trace (the original
/// shared one log between runs, ALTA.md §15 item 2).
public struct ALTATrace: Sendable {
    /// The state before the first layer (column `Input`).
    public let initial: ALTAState
    /// One entry per layer run.
    public let layers: [ALTALayerTrace]
    /// The program's rules, to describe fired rules (empty for the function form).
    public let rules: [ALTARule]

    /// Creates a trace.
    public init(initial: ALTAState, layers: [ALTALayerTrace], rules: [ALTARule]) {
        self.initial = initial
        self.layers = layers
        self.rules = rules
    }

    /// The rules that fired at `position` in layer `layer`.
    public func firedRules(layer: Int, position: Int) -> [ALTARule] {
        layers[layer].firedRules[position].map { rules[$0] }
    }

    /// Values of one variable at one position: initial, then per layer after attention and
    /// after the MLP.
    public func history(of variable: Int, at position: Int) -> [ALTAValue?] {
        var values: [ALTAValue?] = [initial[position, variable]]
        for layer in layers {
            values.append(layer.afterAttention[position, variable])
            values.append(layer.afterMLP[position, variable])
        }
        return values
    }

    /// The trace as table rows in the original's layout: header `Element, Variable, Input,
    /// L0a, L0b, L1a, …`, then one row per position × variable (positions ascending, variables
    /// in layout order), `-` for null. `positions` and `variables` filter the rows (`nil` = all).
    /// Throws for unknown variable names and positions outside the input.
    public func tableRows(positions: [Int]? = nil, variables: [String]? = nil) throws -> [[String]] {
        let names = initial.variableNames
        if let variables {
            for name in variables where !names.contains(name) {
                throw ALTAError.unknownVariable(name, context: "trace table filter")
            }
        }
        if let positions {
            for p in positions where !(0..<initial.length).contains(p) {
                throw ALTAError.positionOutOfRange(position: p, length: initial.length)
            }
        }
        var header = ["Element", "Variable", "Input"]
        for layer in layers {
            header.append("L\(layer.index)a")
            header.append("L\(layer.index)b")
        }
        var rows = [header]
        let wantedPositions = positions.map(Set.init)
        let wantedVariables = variables.map(Set.init)
        for position in 0..<initial.length where wantedPositions?.contains(position) ?? true {
            for (v, name) in names.enumerated() where wantedVariables?.contains(name) ?? true {
                rows.append([String(position), name] + history(of: v, at: position).map(ALTAValue.format))
            }
        }
        return rows
    }

    /// `tableRows` joined with `separator` (default `,`, as the original prints), one line per
    /// row.
    public func table(positions: [Int]? = nil, variables: [String]? = nil, separator: String = ",") throws -> String {
        try tableRows(positions: positions, variables: variables)
            .map { $0.joined(separator: separator) }
            .joined(separator: "\n")
    }

    /// The fired rules as text, one line per rule: `L<layer> <position>: <rule>`, filtered by
    /// positions (`nil` = all).
    public func firedRulesText(positions: [Int]? = nil) throws -> String {
        if let positions {
            for p in positions where !(0..<initial.length).contains(p) {
                throw ALTAError.positionOutOfRange(position: p, length: initial.length)
            }
        }
        let wanted = positions.map(Set.init)
        var lines: [String] = []
        for layer in layers {
            for position in 0..<initial.length where wanted?.contains(position) ?? true {
                for index in layer.firedRules[position] {
                    lines.append("L\(layer.index) \(position): \(rules[index])")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
