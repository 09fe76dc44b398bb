import ALTA
import AltaTransformer
import Craft

/// Builds the attention heads of a compiled program (ALTA.md §10.3, with the null semantics of
/// the interpreter, §15 item 13).
///
/// For a head `out ← qkv(query, key, value, mask)` with query/key range `R`:
///
/// * `W_Q = λ · select(query)` `[dModel, R]`, `W_K = select(key)` `[dModel, R]`: the logit is
///   `λ` when the key's value is in the query set, 0 otherwise (null queries and keys select
///   nothing); attention scale 1;
/// * a sink (virtual key with a zero value) at `λ / 2`: one selected key is copied exactly,
///   none gives exactly the zero block — null — and a relative mask that leaves no key does too;
/// * categorical value: `W_V = select(value)`, `W_O = project(out)`; two or more selected keys
///   give a mixture, so a categorical head that can select several keys gets a second,
///   counting head (same `W_Q`, `W_K`, sink at `λ`, constant value 1) that writes `m / (m + 1)`
///   into `out.matches`, from which the MLP and the decoder read "several keys = null";
/// * numerical value: the value is averaged into `out` and its presence (1, or the value's
///   own presence when it can be null) into `out.defined`.
struct ALTAHeadCompiler {
    let schema: ALTASchema
    let layout: ALTAResidualLayout
    let sharpness: Double

    /// The Craft heads of every program head, in head order (a counting head right after its
    /// head).
    func build() throws(ALTACompilerError) -> [CraftAttentionHead] {
        var heads: [CraftAttentionHead] = []
        for head in schema.heads {
            guard let query = layout.block(named: head.query), let key = layout.block(named: head.key),
                  let value = layout.block(named: head.value), let output = layout.block(named: head.output)
            else { throw .assembly("head '\(head.output)': a variable is missing from the layout") }
            let width = key.dimensions.count
            let headSpace = directions((0..<width).map { BasisDirection("alta.qk.\(head.output)", .int($0)) })
            var queryMatrix = CraftMatrix(rows: query.dimensions.count, columns: width)
            var keyMatrix = CraftMatrix(rows: width, columns: width)
            for c in 0..<width {
                queryMatrix[c, c] = sharpness
                keyMatrix[c, c] = 1
            }
            let queryMap = Linear(input: space(query.dimensions), output: headSpace, matrix: queryMatrix)
            let keyMap = Linear(input: space(key.dimensions), output: headSpace, matrix: keyMatrix)
            let mask = head.relativeMask.isEmpty ? nil : RelativePositionMask(allowing: head.relativeMask)

            let ov: Linear
            switch head.kind {
            case .categorical:
                var matrix = CraftMatrix(rows: value.dimensions.count, columns: output.dimensions.count)
                for c in 0..<value.dimensions.count { matrix[c, c] = 1 }
                ov = Linear(input: space(value.dimensions), output: space(output.dimensions), matrix: matrix)
            case .numerical:
                guard let presence = output.presenceDimension else {
                    throw .assembly("numerical head output '\(head.output)' has no presence dimension")
                }
                var inputs = [value.numberDimension]
                if let valuePresence = value.presenceDimension { inputs.append(valuePresence) }
                var matrix = CraftMatrix(rows: inputs.count, columns: 2)
                matrix[0, 0] = 1
                var bias = [0.0, 1.0]
                if inputs.count == 2 {
                    matrix[1, 1] = 1
                    bias[1] = 0
                }
                ov = Linear(input: space(inputs), output: space([output.numberDimension, presence]),
                            matrix: matrix, bias: bias)
            }
            do {
                heads.append(try CraftAttentionHead(
                    name: head.output, query: queryMap, key: keyMap, ov: ov,
                    relativeMask: mask, sinkLogit: sharpness / 2))
                if let matches = output.matchCountDimension {
                    let count = Linear(input: .empty, output: space([matches]),
                                       matrix: CraftMatrix(rows: 0, columns: 1), bias: [1])
                    heads.append(try CraftAttentionHead(
                        name: head.output + ".matches", query: queryMap, key: keyMap, ov: count,
                        relativeMask: mask, sinkLogit: sharpness))
                }
            } catch {
                throw .assembly("head '\(head.output)': \(error)")
            }
        }
        return heads
    }

    private func space<S: Sequence>(_ dimensions: S) -> VectorSpace where S.Element == Int {
        directions(dimensions.map { layout.directions[$0] })
    }

    private func directions(_ list: [BasisDirection]) -> VectorSpace {
        (try? VectorSpace(ordered: list)) ?? VectorSpace(list)
    }
}
