import AltaTensors
import AltaTransformer
import Foundation

/// A trained MLP as safetensors: `layers.<i>.weight [fanOut, fanIn]` and
/// `layers.<i>.bias [fanOut]` (F32, the original's and PyTorch's `(out, in)` order), with
/// the layer sizes, activation and training configuration in the header metadata.
public enum MLPCheckpoint {
    /// The checkpoint file's name in a training folder.
    public static let fileName = "mlp.safetensors"

    /// The checkpoint bytes of `mlp` (and the configuration it was trained with).
    public static func encode(_ mlp: MLP, configuration: MLPConfiguration? = nil) throws -> Data {
        var tensors: [String: SafeTensor] = [:]
        for i in 0..<mlp.layerCount {
            tensors["layers.\(i).weight"] = try SafeTensor(float32: mlp.parameters[2 * i].transposed().values,
                                                           shape: [mlp.sizes[i + 1], mlp.sizes[i]])
            tensors["layers.\(i).bias"] = try SafeTensor(float32: mlp.parameters[2 * i + 1].values, shape: [mlp.sizes[i + 1]])
        }
        var metadata = ["sizes": mlp.sizes.map(String.init).joined(separator: ","), "activation": mlp.activation.rawValue]
        if let configuration {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            metadata["configuration"] = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        }
        return Data(try SafeTensorsFile(tensors: tensors, metadata: metadata).encoded())
    }

    /// The MLP in checkpoint bytes; throws `TrainingError.unreadableCheckpoint` naming `path`
    /// and what is wrong.
    public static func decode(_ data: Data, path: String) throws -> MLP {
        func fail(_ reason: String) -> TrainingError { .unreadableCheckpoint(path: path, reason: reason) }
        do {
            let file = try SafeTensorsFile.decode(data)
            guard let sizeText = file.metadata["sizes"], let activationName = file.metadata["activation"] else {
                throw fail("the header metadata has no sizes and activation")
            }
            let sizes = sizeText.split(separator: ",").compactMap { Int($0) }
            guard let activation = Activation(rawValue: activationName) else { throw fail("unknown activation '\(activationName)'") }
            guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else { throw fail("sizes '\(sizeText)' are not layer sizes") }
            var parameters: [Matrix] = []
            for i in 0..<(sizes.count - 1) {
                let w = try file.tensor("layers.\(i).weight"), b = try file.tensor("layers.\(i).bias")
                guard w.shape == [sizes[i + 1], sizes[i]], b.shape == [sizes[i + 1]] else {
                    throw fail("layer \(i) is \(w.shape) and \(b.shape), expected [\(sizes[i + 1]), \(sizes[i])] and [\(sizes[i + 1])]")
                }
                parameters.append(try Matrix(rows: sizes[i + 1], columns: sizes[i], values: try w.float32Values()).transposed())
                parameters.append(try Matrix(rows: 1, columns: sizes[i + 1], values: try b.float32Values()))
            }
            return try MLP(sizes: sizes, activation: activation, parameters: parameters)
        } catch let error as TrainingError {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}
