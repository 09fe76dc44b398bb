import AltaTensors
import Foundation
import Testing
@testable import AltaTransformer

/// The compact (sparse) tensor encoding of `model.safetensors` against the dense one.
@Suite struct SparseExportTests {
    static func exported(_ model: TransformerModel, _ encoding: TensorEncoding) throws -> (URL, SafeTensorsFile) {
        let folder = ExportTests.temporaryFolder()
        try model.export(to: folder, name: "test", encoding: encoding)
        return (folder, try SafeTensorsFile.read(from: folder.appendingPathComponent(TransformerModel.weightsFileName)))
    }

    /// Mostly-zero hand-built models, and random ones (30% filled: stored mostly dense).
    static func model(_ index: Int) throws -> TransformerModel {
        switch index {
        case 0: try CopyPreviousTokenModel.make()
        case 1: try SpreadingFlagModel.make()
        default: try RandomModels.make(seed: 700 + UInt64(index), layerCount: 2, sparse: true)
        }
    }

    @Test(arguments: 0..<4)
    func sparseFileExpandsToTheDenseFileBitForBit(model index: Int) throws {
        let model = try Self.model(index)
        let (denseFolder, dense) = try Self.exported(model, .dense)
        let (sparseFolder, sparse) = try Self.exported(model, .automatic)
        defer {
            try? FileManager.default.removeItem(at: denseFolder)
            try? FileManager.default.removeItem(at: sparseFolder)
        }
        #expect(!dense.tensors.keys.contains { $0.hasSuffix(ExportedTensor.valuesSuffix) })
        var sparseCount = 0
        for (name, tensor) in dense.tensors {
            let bits = try tensor.float32Values().map(\.bitPattern)
            if let decoded = try ExportedTensor.decode(name, from: sparse.tensors, expected: tensor.shape) {
                sparseCount += 1
                #expect(sparse.tensors[name] == nil)
                #expect(decoded.denseValues.map(\.bitPattern) == bits, "\(name)")
            } else {
                #expect(sparse.tensors[name] == tensor, "\(name) stored dense in both")
            }
        }
        guard index == 0 else { return }  // the others are too small to gain
        #expect(sparseCount > 0, "the mostly-zero weights are stored sparse")
        let denseBytes = try FileManager.default.attributesOfItem(
            atPath: denseFolder.appendingPathComponent(TransformerModel.weightsFileName).path)[.size] as? Int
        let sparseBytes = try FileManager.default.attributesOfItem(
            atPath: sparseFolder.appendingPathComponent(TransformerModel.weightsFileName).path)[.size] as? Int
        #expect(try #require(sparseBytes) < #require(denseBytes))
    }

    @Test(arguments: 0..<4)
    func sparseModelsRoundTripInBothEncodings(model index: Int) throws {
        let model = try Self.model(index)
        let inputs = RandomModels.inputs(for: model, count: 4, seed: UInt64(index))
        try ExportTests.roundTrip(model, inputs: inputs)
        // Loading either file gives the same model, down to the sparse/dense storage choice.
        let (denseFolder, _) = try Self.exported(model, .dense)
        let (sparseFolder, _) = try Self.exported(model, .automatic)
        defer {
            try? FileManager.default.removeItem(at: denseFolder)
            try? FileManager.default.removeItem(at: sparseFolder)
        }
        #expect(try TransformerModel.load(from: denseFolder) == TransformerModel.load(from: sparseFolder))
    }

    @Test func negativeZeroIsKeptAndPlusZeroDropped() throws {
        let tensor = ExportedTensor(dense: [0, -0.0, 1.5, 0], shape: [2, 2])
        #expect(tensor.indices == [1, 2])
        #expect(tensor.denseValues.map(\.bitPattern) == [Float(0), -0.0, 1.5, 0].map(\.bitPattern))
    }

    @Test func automaticStoresATensorSparseOnlyWhenThatHalvesIt() throws {
        // 12 bytes per entry + 8 per dimension + 160 of header against 4 per dense element.
        func tensor(_ nonZero: Int) -> ExportedTensor {
            ExportedTensor(dense: (0..<100).map { $0 < nonZero ? 1 : 0 }, shape: [100])
        }
        #expect(tensor(1).prefersSparse && !tensor(3).prefersSparse)
        #expect(Array(tensor(3).encoded(name: "x", as: .automatic).keys) == ["x"])
        #expect(Array(tensor(1).encoded(name: "x", as: .dense).keys) == ["x"])
        let sparse = ExportedTensor(dense: (0..<100).map { $0 == 99 ? 2 : 0 }, shape: [100])
            .encoded(name: "x", as: .automatic)
        #expect(Set(sparse.keys) == ["x.sparse_shape", "x.sparse_indices", "x.sparse_values"])
        #expect(try sparse["x.sparse_indices"]?.int64Values() == [99])
        #expect(try sparse["x.sparse_shape"]?.int64Values() == [100])
        #expect(try sparse["x.sparse_values"]?.float32Values() == [2])
    }

    static func sparseParts(shape: [Int64], indices: [Int64], values: [Float]) throws -> [String: SafeTensor] {
        [
            "w.sparse_shape": try SafeTensor(int64: shape, shape: [shape.count]),
            "w.sparse_indices": try SafeTensor(int64: indices, shape: [indices.count]),
            "w.sparse_values": try SafeTensor(float32: values, shape: [values.count]),
        ]
    }

    static func decodeError(_ tensors: [String: SafeTensor], expected: [Int] = [2, 3]) -> String? {
        do {
            _ = try ExportedTensor.decode("w", from: tensors, expected: expected)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func malformedSparseTensorsAreRejectedByName() throws {
        var tensors = try Self.sparseParts(shape: [2, 3], indices: [4, 1], values: [1, 2])
        #expect(Self.decodeError(tensors)
            == "model.safetensors: sparse tensor 'w': index 1 is out of order or outside its 6 elements")
        tensors = try Self.sparseParts(shape: [2, 3], indices: [6], values: [1])
        #expect(Self.decodeError(tensors)
            == "model.safetensors: sparse tensor 'w': index 6 is out of order or outside its 6 elements")
        tensors = try Self.sparseParts(shape: [2, 3], indices: [1, 2], values: [1])
        #expect(Self.decodeError(tensors) == "model.safetensors: sparse tensor 'w' has 2 indices but 1 values")
        tensors = try Self.sparseParts(shape: [3, 2], indices: [1], values: [1])
        #expect(Self.decodeError(tensors) == "model.safetensors: tensor 'w' has shape [3, 2], expected [2, 3]")
        tensors = try Self.sparseParts(shape: [2, 3], indices: [1], values: [1])
        tensors["w.sparse_indices"] = nil
        #expect(Self.decodeError(tensors) == "model.safetensors: tensor 'w.sparse_indices' is missing")
        tensors = try Self.sparseParts(shape: [2, 3], indices: [1], values: [1])
        tensors["w.sparse_indices"] = try SafeTensor(float32: [1], shape: [1])
        #expect(Self.decodeError(tensors) == "model.safetensors: tensor 'w.sparse_indices' has dtype F32, expected I64")
        tensors = try Self.sparseParts(shape: [2, 3], indices: [1], values: [1])
        tensors["w"] = try SafeTensor(float32: [0, 1, 0, 0, 0, 0], shape: [2, 3])
        #expect(Self.decodeError(tensors) == "model.safetensors: tensor 'w' is stored both dense and sparse")
        #expect(Self.decodeError([:]) == nil, "no sparse parts: the tensor is looked up dense")
    }

    @Test func loadNamesABrokenSparseWeight() throws {
        let model = try CopyPreviousTokenModel.make()
        let (folder, file) = try Self.exported(model, .automatic)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = try #require(file.tensors.keys.first { $0.hasSuffix(".sparse_indices") && $0.contains("W_Q") })
        var broken = file
        let count = try #require(file.tensors[name]).elementCount
        broken.tensors[name] = try SafeTensor(int64: (0...Int64(count)).map { $0 }, shape: [count + 1])
        try broken.write(to: folder.appendingPathComponent(TransformerModel.weightsFileName))
        let base = String(name.dropLast(ExportedTensor.indicesSuffix.count))
        do {
            _ = try TransformerModel.load(from: folder)
            Issue.record("a broken sparse tensor must be rejected")
        } catch {
            #expect("\(error)" == "model.safetensors: sparse tensor '\(base)' has \(count + 1) indices but \(count) values")
        }
    }
}
