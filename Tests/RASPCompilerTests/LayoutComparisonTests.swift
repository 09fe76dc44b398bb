import AltaPrograms
import RASP
import RASPCompiler
import Testing

/// Layout and depth against Tracr's reference compilations.
@Suite struct LayoutComparisonTests {
    static let names = RASPLibrary.all.map(\.name)

    func compile(_ name: String, _ options: RASPCompilerOptions) throws -> CompiledRASPProgram {
        let entry = try #require(RASPLibrary.entry(named: name))
        return try RASPModelCompiler.compile(
            entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD, options: options)
    }

    /// Without fusion every s-op keeps its directions: the residual labels are Tracr's,
    /// in Tracr's order, and the input and output encoders list tokens in Tracr's id order.
    @Test(arguments: names)
    func residualLabelsMatchTracr(name: String) throws {
        let reference = try #require(try TracrReference.library().program(named: name))
        let compiled = try compile(name, .tracrLayout)
        #expect(compiled.model.residualLabels == reference.residualLabels)
        #expect(compiled.model.dModel == reference.dModel)
        #expect(compiled.model.layers.count <= reference.layers)
        // Fused: a subset of Tracr's labels (fused intermediates have none; a fused lookup
        // may read `one` where Tracr's blocks did not).
        let fused = try compile(name, RASPCompilerOptions())
        #expect(Set(fused.model.residualLabels).isSubset(of: reference.residualLabels + ["one"]))
    }

    /// No library program needs more layers than Tracr; at least five need fewer.
    @Test func fewerLayersThanTracr() throws {
        let reference = try TracrReference.library()
        var fewer: [String] = []
        for name in Self.names {
            let tracr = try #require(reference.program(named: name)).layers
            let layers = try compile(name, RASPCompilerOptions()).model.layers.count
            #expect(layers <= tracr, "\(name): \(layers) layers, Tracr \(tracr)")
            if layers < tracr { fewer.append(name) }
        }
        #expect(fewer.count >= 5, "fewer layers only for \(fewer)")
    }

    /// The comparison report has one row per program with both sides' figures.
    @Test func reportRows() throws {
        let reference = try TracrReference.library()
        let programs = try RASPLibrary.all.map { entry in
            RASPComparisonReport.Program(
                name: entry.name, program: try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen,
                causal: entry.causal, bos: entry.compilerBOS, pad: entry.compilerPAD,
                tracr: reference.program(named: entry.name).map {
                    RASPComparisonReport.TracrFigures(
                        layers: $0.layers, dModel: $0.dModel, parameters: $0.parameters, nonZeroParameters: $0.nonZeroParameters)
                })
        }
        let rows = try RASPComparisonReport.rows(programs)
        #expect(rows.count == Self.names.count)
        for row in rows {
            let tracr = try #require(row.tracr)
            #expect(row.layers <= tracr.layers)
            #expect(row.nonZeroParameters > 0 && row.parameters >= row.nonZeroParameters)
            #expect(tracr.parameters == reference.program(named: row.name)?.parameters)
        }
        let reverse = try #require(rows.first { $0.name == "reverse" })
        #expect(reverse.layers == 3 && reverse.tracr?.layers == 4)
    }
}
