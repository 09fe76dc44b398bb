import AltaTensors
import Foundation

/// `reference_outputs.json`: inputs and Alta's outputs for them, written beside an export
/// so another implementation (the Python cross-check) can compare.
public enum ReferenceOutputs {
    /// The file name inside an export folder.
    public static let fileName = "reference_outputs.json"

    /// Runs `model` on `sequences` and encodes token ids, raw output scores, final
    /// residuals, decoded outputs and layer counts as JSON.
    public static func make(model: TransformerModel, sequences: [[String]]) throws -> Data {
        let ids = try sequences.enumerated().map { index, sequence in
            try model.inputEncoder.encode(sequence, maxLength: model.maxSequenceLength, sequenceIndex: index)
        }
        let result = try model.forward(tokenIDs: ids)
        func rows(_ m: Matrix) -> [[Double]] {
            (0..<m.rows).map { r in (0..<m.columns).map { Double(m[r, $0]) } }
        }
        let items: [[String: Any]] = sequences.indices.map { s in
            [
                "tokens": sequences[s],
                "token_ids": ids[s],
                "output_scores": rows(result.outputScores(of: s)),
                "final_residual": rows(result.finalResidual(of: s)),
                "decoded": result.outputs(of: s).map(\.jsonObject),
                "layers_run": result.layersRun[s],
            ]
        }
        return try JSONSerialization.data(withJSONObject: ["examples": items], options: [.sortedKeys])
    }
}
