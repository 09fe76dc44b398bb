import AltaTransformer
import RASP

/// Per-program size comparison with Tracr: layers, residual width, parameters and non-zero
/// parameters of the compiled model next to the reference figures.
public enum RASPComparisonReport {
    /// A program to compile for the report.
    public struct Program: Sendable {
        public let name: String
        public let program: SOp
        public let vocabulary: [Value]
        public let maxSeqLen: Int
        public let causal: Bool
        public let bos: String
        public let pad: String

        public init(
            name: String, program: SOp, vocabulary: [Value], maxSeqLen: Int, causal: Bool = false,
            bos: String = "BOS", pad: String = "PAD"
        ) {
            self.name = name
            self.program = program
            self.vocabulary = vocabulary
            self.maxSeqLen = maxSeqLen
            self.causal = causal
            self.bos = bos
            self.pad = pad
        }
    }

    /// Tracr's figures for the same program.
    public struct TracrFigures: Sendable, Equatable {
        public let layers: Int
        public let dModel: Int
        public let parameters: Int
        public let nonZeroParameters: Int
    }

    /// One program's comparison.
    public struct Row: Sendable {
        public let name: String
        /// Alta's model.
        public let layers: Int
        public let dModel: Int
        /// Every stored weight, bias and embedding entry (per-head widths, unembedding
        /// included).
        public let parameters: Int
        public let nonZeroParameters: Int
        public let headsPerLayer: [Int]
        public let mlpWidthPerLayer: [Int]
        /// Tracr's, when the reference has the program.
        public let tracr: TracrFigures?
    }

    /// The row of a compiled program.
    public static func row(name: String, model: TransformerModel, reference: TracrReference?) -> Row {
        let tracr = reference?.programs[name].map {
            TracrFigures(layers: $0.layers, dModel: $0.dModel, parameters: $0.parameters, nonZeroParameters: $0.nonZeroParameters)
        }
        return Row(
            name: name, layers: model.layers.count, dModel: model.dModel, parameters: model.parameterCount,
            nonZeroParameters: model.nonZeroCount, headsPerLayer: model.layers.map(\.heads.count),
            mlpWidthPerLayer: model.layers.map { $0.feedForward.hiddenWidths.first ?? 0 }, tracr: tracr)
    }

    /// Compiles every program and returns one row each, in order.
    public static func rows(
        _ programs: [Program], reference: TracrReference?, options: RASPCompilerOptions = RASPCompilerOptions()
    ) throws(RASPCompileError) -> [Row] {
        var rows: [Row] = []
        for p in programs {
            let compiled = try RASPModelCompiler.compile(
                p.program, vocabulary: p.vocabulary, maxSeqLen: p.maxSeqLen, causal: p.causal, bos: p.bos, pad: p.pad,
                options: options)
            rows.append(row(name: p.name, model: compiled.model, reference: reference))
        }
        return rows
    }
}
