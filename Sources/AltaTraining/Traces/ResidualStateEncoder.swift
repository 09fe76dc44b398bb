import ALTA
import ALTACompiler
import AltaTensors

/// Encodes interpreter states as residual vectors in a compiled program's layout (the
/// inverse of `ALTAResidualLayout.decode`).
///
/// A defined variable is encoded as the compiler's embedding encodes it (`ALTAVariableBlock
/// .encode`: one-hot, multi-hot or the number, plus 1 on its presence dimension). An
/// undefined one is the zero block, or — for MLP inputs with `TraceFill.uniform` — noise on
/// its own dimensions (its presence dimension stays 0). A categorical head output whose head
/// can select several keys also carries its match count `m / (m + 1)` on its `.matches`
/// dimension, as the compiled attention writes it, when the head's match counts are given.
public struct ResidualStateEncoder: Sendable {
    /// The layout written.
    public let layout: ALTAResidualLayout
    /// Per layout block, the index of the head writing it (head outputs only).
    private let headOfBlock: [Int?]

    /// An encoder for `compiled`'s residual layout.
    public init(_ compiled: ALTACompiledProgram) {
        self.layout = compiled.layout
        let heads = compiled.program.schema.heads
        self.headOfBlock = compiled.layout.blocks.map { block in
            block.isHeadOutput ? heads.firstIndex { $0.output == block.name } : nil
        }
    }

    /// Residual width.
    public var dModel: Int { layout.dModel }

    /// Writes position `position` of `state` into `row` (`dModel` floats, overwritten).
    ///
    /// - Parameters:
    ///   - headMatches: per head and position, the keys each head selected (the trace's
    ///     `headMatches`), to fill `.matches` dimensions; `nil` leaves them 0.
    ///   - fill: the encoding of undefined variables.
    ///   - random: the noise source for `.uniform`.
    /// - Throws: `ALTACompilerError.valueOutOfRange` when a value does not fit its variable.
    public func encode(
        _ state: ALTAState, position: Int, into row: inout [Float], headMatches: [[Int]]? = nil,
        fill: TraceFill = .zero, random: inout SplitMix64
    ) throws(ALTACompilerError) {
        for d in row.indices { row[d] = 0 }
        for (b, block) in layout.blocks.enumerated() {
            let value = state[position, block.variableIndex]
            if value == nil {
                if fill == .uniform {
                    for d in block.dimensions { row[d] = Self.uniform(&random) }
                }
            } else {
                for (d, x) in try block.encode(value, context: "variable '\(block.name)' at position \(position)") {
                    row[d] = x
                }
            }
            if let m = block.matchCountDimension, let h = headOfBlock[b], let headMatches,
               h < headMatches.count, position < headMatches[h].count {
                let count = Float(headMatches[h][position])
                row[m] = count / (count + 1)
            }
        }
    }

    /// A uniform draw from [−bound, bound] (24 random bits, so every run is bit-reproducible).
    static func uniform(_ random: inout SplitMix64) -> Float {
        let unit = Float(random.next() >> 40) / Float(1 << 24)
        return (2 * unit - 1) * TraceFill.uniformBound
    }
}
