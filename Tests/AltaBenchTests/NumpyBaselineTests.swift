import AltaTestSupport
import AltaTransformer
import Foundation
import Testing
@testable import AltaBench

/// `alta bench runtime`'s numpy side: the script is found (or its absence named), and its
/// forward pass — `python/alta/numpy_forward.py`'s — gives Alta's scores on an export of the
/// same random model, one batch at a time.
@Suite struct NumpyBaselineTests {
    static let python = PackageRoot.url().appendingPathComponent("python")

    @Test func theScriptIsFoundThroughTheEnvironmentVariable() throws {
        let script = try NumpyBaseline.script(environment: ["ALTA_PYTHON_DIR": Self.python.path], executable: nil, sourceFile: "/nowhere/x.swift")
        #expect(script.path == Self.python.appendingPathComponent("numpy_baseline.py").path)
    }

    @Test func theScriptIsFoundInThePackage() throws {
        let script = try NumpyBaseline.script(environment: [:], executable: nil)
        #expect(script.lastPathComponent == "numpy_baseline.py")
        #expect(FileManager.default.fileExists(atPath: script.path))
    }

    @Test func aMissingScriptIsNamedWithWhereItWasLookedFor() {
        let empty = FileManager.default.temporaryDirectory.path + "/alta-no-python-\(UUID().uuidString)"
        #expect(throws: BenchmarkError.baselineScriptMissing(searched: [empty])) {
            try NumpyBaseline.script(environment: ["ALTA_PYTHON_DIR": empty], executable: nil)
        }
        #expect(BenchmarkError.baselineScriptMissing(searched: [empty]).description
            == "the numpy baseline script numpy_baseline.py is not in \(empty); set ALTA_PYTHON_DIR to the package's python folder, or pass --no-numpy")
    }

    @Test func numpyForwardAgreesWithTheRuntimeOnABatch() throws {
        let script = try NumpyBaseline.script(environment: [:], executable: nil)
        guard case .available = try NumpyBaseline.probe(log: .silent) else {
            // python3 with numpy and safetensors is what the Python cross-checks need too.
            Issue.record("python3 with numpy and safetensors is missing")
            return
        }
        let shape = RandomModels.Shape(dModel: 16, layers: 2, heads: 2, dHead: 4, mlpWidth: 24, vocabulary: 7, maxLength: 6, fill: 1)
        let model = try RandomModels.make(shape, seed: 3, sparse: false)
        let tokenIDs = RandomModels.tokenIDs(count: 3, length: 5, vocabulary: 7, seed: 4)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-numpy-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, encoding: .dense)
        let measured = try NumpyBaseline.forward(script: script, folder: folder, tokenIDs: tokenIDs, minimumRuns: 1)
        let ours = try model.forward(tokenIDs: tokenIDs).outputScores.flatMap(\.values)
        #expect(measured.seconds > 0)
        try #require(measured.scores.count == ours.count)
        #expect(ours.count == 3 * 5 * 7)
        let worst = zip(ours, measured.scores).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest relative difference \(worst)")
    }
}
