import AltaTensors
import AltaTransformer
import Foundation

/// A trace dataset on disk: `traces.json` (``TraceMetadata``) plus safetensors shards
/// `traces-00000.safetensors`, … each holding `inputs [n, d_model]` and `targets
/// [n, d_model]` (F32) and `layer`, `position`, `example` `[n]` (I32). Written through
/// `FolderWriter`, so only folders Alta wrote are replaced.
public enum TraceFolder {
    /// Default rows per shard.
    public static let defaultShardRows = 100_000

    /// The folder's files (name → contents), with shards of at most `shardRows` rows.
    public static func files(_ dataset: TraceDataset, shardRows: Int = defaultShardRows) throws -> [String: Data] {
        guard shardRows >= 1 else { throw TrainingError.invalidSetting("shard rows", reason: "must be at least 1, not \(shardRows)") }
        let d = dataset.dModel
        var files: [String: Data] = [:]
        var names: [String] = []
        var start = 0
        repeat {
            let end = min(dataset.rowCount, start + shardRows)
            let name = String(format: "traces-%05d.safetensors", names.count)
            let n = end - start
            let file = SafeTensorsFile(tensors: [
                "inputs": try SafeTensor(float32: Array(dataset.inputs.values[(start * d)..<(end * d)]), shape: [n, d]),
                "targets": try SafeTensor(float32: Array(dataset.targets.values[(start * d)..<(end * d)]), shape: [n, d]),
                "layer": try SafeTensor(int32: Array(dataset.layer[start..<end]), shape: [n]),
                "position": try SafeTensor(int32: Array(dataset.position[start..<end]), shape: [n]),
                "example": try SafeTensor(int32: Array(dataset.example[start..<end]), shape: [n]),
            ], metadata: ["program": dataset.metadata.program, "first_row": String(start)])
            files[name] = Data(try file.encoded())
            names.append(name)
            start = end
        } while start < dataset.rowCount
        var metadata = dataset.metadata
        metadata.shards = names
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        files[TraceMetadata.fileName] = try encoder.encode(metadata)
        return files
    }

    /// Writes `dataset` to `folder` (replacing only a trace folder Alta wrote).
    public static func write(_ dataset: TraceDataset, to folder: URL, shardRows: Int = defaultShardRows) throws {
        try FolderWriter(kind: .traces).replace(folder, with: try files(dataset, shardRows: shardRows))
    }

    /// Reads a trace folder back.
    ///
    /// - Throws: `TrainingError.unreadableDataset` naming the folder and what is wrong
    ///   (missing or malformed metadata or shard, shapes that disagree).
    public static func read(from folder: URL) throws -> TraceDataset {
        let path = folder.relativePath
        func fail(_ reason: String) -> TrainingError { .unreadableDataset(path: path, reason: reason) }
        let metadata: TraceMetadata
        do {
            let data = try Data(contentsOf: folder.appendingPathComponent(TraceMetadata.fileName))
            metadata = try JSONDecoder().decode(TraceMetadata.self, from: data)
        } catch let error as DecodingError {
            throw fail("\(TraceMetadata.fileName) is not trace metadata (\(error))")
        } catch {
            throw fail("no readable \(TraceMetadata.fileName) in it")
        }
        let d = metadata.d_model
        guard d >= 1, metadata.residual_labels.count == d else {
            throw fail("d_model \(d) and \(metadata.residual_labels.count) residual labels disagree")
        }
        var inputs: [Float] = [], targets: [Float] = []
        var layer: [Int32] = [], position: [Int32] = [], example: [Int32] = []
        for name in metadata.shards {
            guard !name.contains("/"), !name.hasPrefix(".") else { throw fail("shard name '\(name)' is not a file in the folder") }
            let file: SafeTensorsFile
            do {
                file = try SafeTensorsFile.decode(try Data(contentsOf: folder.appendingPathComponent(name)))
            } catch let error as SafeTensorsError {
                throw fail("\(name): \(error)")
            } catch {
                throw fail("shard \(name) is missing")
            }
            do {
                let x = try file.tensor("inputs"), y = try file.tensor("targets")
                let n = x.shape.first ?? 0
                guard x.shape == [n, d], y.shape == [n, d] else {
                    throw fail("\(name): inputs \(x.shape) and targets \(y.shape) are not [rows, \(d)]")
                }
                let l = try file.tensor("layer").int64Values(), p = try file.tensor("position").int64Values()
                let e = try file.tensor("example").int64Values()
                guard l.count == n, p.count == n, e.count == n else { throw fail("\(name): index tensors do not have \(n) rows") }
                guard (l + p + e).allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }) else {
                    throw fail("\(name): an index is negative or too large")
                }
                inputs += try x.float32Values()
                targets += try y.float32Values()
                layer += l.map { Int32($0) }
                position += p.map { Int32($0) }
                example += e.map { Int32($0) }
            } catch let error as SafeTensorsError {
                throw fail("\(name): \(error)")
            }
        }
        guard layer.count == metadata.rows else { throw fail("the shards hold \(layer.count) rows, \(TraceMetadata.fileName) says \(metadata.rows)") }
        return try TraceDataset(
            metadata: metadata, inputs: try Matrix(rows: layer.count, columns: d, values: inputs),
            targets: try Matrix(rows: layer.count, columns: d, values: targets),
            layer: layer, position: position, example: example)
    }
}
