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
        let reference = try #require(try Reference.load().programs[name])
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
        let reference = try Reference.load()
        var fewer: [String] = []
        for name in Self.names {
            let tracr = try #require(reference.programs[name]).layers
            let layers = try compile(name, RASPCompilerOptions()).model.layers.count
            #expect(layers <= tracr, "\(name): \(layers) layers, Tracr \(tracr)")
            if layers < tracr { fewer.append(name) }
        }
        #expect(fewer.count >= 5, "fewer layers only for \(fewer)")
    }

    /// The comparison report has one row per program with both sides' figures.
    @Test func reportRows() throws {
        let reference = try Reference.load()
        let programs = try RASPLibrary.all.map {
            RASPComparisonReport.Program(
                name: $0.name, program: try $0.build(), vocabulary: $0.vocabulary, maxSeqLen: $0.maxSeqLen,
                causal: $0.causal, bos: $0.compilerBOS, pad: $0.compilerPAD)
        }
        let rows = try RASPComparisonReport.rows(programs, reference: reference)
        #expect(rows.count == Self.names.count)
        for row in rows {
            let tracr = try #require(row.tracr)
            #expect(row.layers <= tracr.layers)
            #expect(row.nonZeroParameters > 0 && row.parameters >= row.nonZeroParameters)
            #expect(tracr.parameters == reference.programs[row.name]?.parameters)
        }
        let reverse = try #require(rows.first { $0.name == "reverse" })
        #expect(reverse.layers == 3 && reverse.tracr?.layers == 4)
    }
}
