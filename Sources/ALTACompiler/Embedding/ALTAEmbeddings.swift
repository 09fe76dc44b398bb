import ALTA
import Craft

/// The token and position embedding rows of a compiled program (ALTA.md §3, §10.2).
///
/// The token row of token `t` encodes every variable initialised from the token (its table
/// entry) or constant (its default); the position row of position `p` encodes every variable
/// initialised from the position. Head outputs start as the zero block (null). A schema never
/// has a variable with both init functions, so the interpreter and the weights agree on every
/// initial value (§15 item 10).
struct ALTAEmbeddings {
    let schema: ALTASchema
    let layout: ALTAResidualLayout

    /// `[inputRange]` token rows.
    func tokenRows() throws(ALTACompilerError) -> [VectorInBasis] {
        var rows: [VectorInBasis] = []
        for token in 0..<schema.inputRange {
            var vector = VectorInBasis()
            for (v, variable) in schema.variables.enumerated() {
                let value: ALTAValue?
                switch variable.initialisation {
                case .constant: value = variable.defaultValue
                case .token(let table): value = table[token]
                case .position, .headOutput: continue
                }
                let context = "initial value of '\(variable.name)' for token \(token)"
                for (d, x) in try layout.blocks[v].encode(value, context: context) {
                    vector[layout.directions[d]] += Double(x)
                }
            }
            rows.append(vector)
        }
        return rows
    }

    /// `[maxLength]` position rows.
    func positionRows(maxLength: Int) throws(ALTACompilerError) -> [VectorInBasis] {
        var rows: [VectorInBasis] = []
        for position in 0..<maxLength {
            var vector = VectorInBasis()
            for (v, variable) in schema.variables.enumerated() {
                guard case .position(let table) = variable.initialisation else { continue }
                guard position < table.count else {
                    throw .invalidMaxLength(program: "", reason: "position \(position) is beyond the position table of '\(variable.name)'")
                }
                let context = "initial value of '\(variable.name)' at position \(position)"
                for (d, x) in try layout.blocks[v].encode(table[position], context: context) {
                    vector[layout.directions[d]] += Double(x)
                }
            }
            rows.append(vector)
        }
        return rows
    }
}
