import AltaTensors
import Foundation

/// `reference_outputs.json`: inputs and Alta's outputs for them, written beside an export
/// so another implementation (the Python cross-check) can compare.
public enum ReferenceOutputs {
    /// The file name inside an export folder.
    public static let fileName = "reference_outputs.json"

    /// The most residual values (`d_model` × positions × stages, summed over the samples)
    /// the file records. Above it — a looped model's bound counts every iteration up to its
    /// cap, so the SCAN model's is about 10⁹ — `residuals` is empty for every example and
    /// `residuals_omitted` says why (the largest CI export, sort at `--max-len 64`, records
    /// 5 M values in 12 MB).
    public static let residualValueBudget = 8_000_000

    /// An upper bound on the residual values of `sequences`: every position at every stage
    /// of the model's full depth (its layers, or a looped model's iteration cap).
    public static func residualValueBound(model: TransformerModel, sequenceLengths: [Int]) -> Int {
        let stages = 1 + 2 * model.layout.maxDepth(layerCount: model.layers.count)
        let (perStage, o1) = model.dModel.multipliedReportingOverflow(by: sequenceLengths.reduce(0, +))
        let (bound, o2) = perStage.multipliedReportingOverflow(by: stages)
        return o1 || o2 ? Int.max : bound
    }

    /// Runs `model` on `sequences` and encodes token ids, raw output scores, final
    /// residuals, decoded outputs, layer counts and the residual stream at every stage as
    /// JSON. `residuals` holds `[stage][position][d_model]`: stage 0 the embeddings
    /// (TransformerLens's `blocks.0.hook_resid_pre`), then per layer application `i` (a
    /// layer, or a loop iteration) the residual after its attention (`blocks.{i}.hook_resid_mid`)
    /// and after its MLP (`blocks.{i}.hook_resid_post`, which is `blocks.{i+1}.hook_resid_pre`).
    /// Residuals are recorded only within ``residualValueBudget``.
    public static func make(model: TransformerModel, sequences: [[String]]) throws -> Data {
        let ids = try sequences.enumerated().map { index, sequence in
            try model.inputEncoder.encode(sequence, maxLength: model.maxSequenceLength, sequenceIndex: index)
        }
        let bound = residualValueBound(model: model, sequenceLengths: ids.map(\.count))
        let recordsResiduals = bound <= residualValueBudget
        let result = try model.forward(tokenIDs: ids, options: RunOptions(trace: recordsResiduals ? .residuals : .none))
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
        let omitted = recordsResiduals ? nil
            : "the residual streams of these samples may hold up to \(bound) values, more than the \(residualValueBudget) this file records"
        return try encoder.encode(File(examples: items, residuals_omitted: omitted))
    }

    /// The whole file.
    private struct File: Encodable {
        let examples: [Example]
        let residuals_omitted: String?
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
