import AltaTensors
import Foundation

/// `reference_outputs.json`: inputs and Alta's outputs for them, written beside an export
/// so another implementation (the Python cross-check) can compare.
public enum ReferenceOutputs {
    /// The file name inside an export folder.
    public static let fileName = "reference_outputs.json"

    /// Runs `model` on `sequences` and encodes token ids, raw output scores, final
    /// residuals, decoded outputs, layer counts and the residual stream at every stage as
    /// JSON. `residuals` holds `[stage][position][d_model]`: stage 0 the embeddings
    /// (TransformerLens's `blocks.0.hook_resid_pre`), then per layer application `i` (a
    /// layer, or a loop iteration) the residual after its attention (`blocks.{i}.hook_resid_mid`)
    /// and after its MLP (`blocks.{i}.hook_resid_post`, which is `blocks.{i+1}.hook_resid_pre`).
    public static func make(model: TransformerModel, sequences: [[String]]) throws -> Data {
        let ids = try sequences.enumerated().map { index, sequence in
            try model.inputEncoder.encode(sequence, maxLength: model.maxSequenceLength, sequenceIndex: index)
        }
        let result = try model.forward(tokenIDs: ids, options: RunOptions(trace: .residuals))
        func rows(_ m: Matrix) -> [[Double]] {
            (0..<m.rows).map { r in (0..<m.columns).map { Double(m[r, $0]) } }
        }
        let items = sequences.indices.map { s in
            Example(
                decoded: result.outputs(of: s).map(Decoded.init), final_residual: rows(result.finalResidual(of: s)),
                layers_run: result.layersRun[s], output_scores: rows(result.outputScores(of: s)),
                residuals: result.traces.map { traces in
                    [rows(traces[s].embedding)] + traces[s].layers.flatMap { [rows($0.afterAttention), rows($0.afterMLP)] }
                } ?? [],
                token_ids: ids[s], tokens: sequences[s])
        }
        // JSONEncoder writes the numbers straight from Swift values (JSONSerialization's
        // bridging of every number took longer than compiling a large model).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(["examples": items])
    }

    /// One example as written (keys in the file's order).
    private struct Example: Encodable {
        let decoded: [Decoded]
        let final_residual: [[Double]]
        let layers_run: Int
        let output_scores: [[Double]]
        let residuals: [[[Double]]]
        let token_ids: [Int]
        let tokens: [String]
    }

    /// A decoded output as a JSON string, number or null.
    private struct Decoded: Encodable {
        let value: OutputValue

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case let .category(v): try container.encode(v)
            case let .number(x): try container.encode(Double(x))
            case .null: try container.encodeNil()
            }
        }
    }
}
