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
        /// Tracr's figures for the program, when known (e.g. from `TracrReference`).
        public let tracr: TracrFigures?

        public init(
            name: String, program: SOp, vocabulary: [Value], maxSeqLen: Int, causal: Bool = false,
            bos: String = "BOS", pad: String = "PAD", tracr: TracrFigures? = nil
        ) {
            self.name = name
            self.program = program
            self.vocabulary = vocabulary
            self.maxSeqLen = maxSeqLen
            self.causal = causal
            self.bos = bos
            self.pad = pad
            self.tracr = tracr
        }
    }

    /// Tracr's figures for the same program (`tracr_models.json`'s, read by
    /// `TracrReference` in `AltaPrograms`).
    public struct TracrFigures: Sendable, Equatable {
        public let layers: Int
        public let dModel: Int
        public let parameters: Int
        public let nonZeroParameters: Int

        public init(layers: Int, dModel: Int, parameters: Int, nonZeroParameters: Int) {
            self.layers = layers
            self.dModel = dModel
            self.parameters = parameters
            self.nonZeroParameters = nonZeroParameters
        }
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

    /// The row of a compiled program next to Tracr's figures for it.
    public static func row(name: String, model: TransformerModel, tracr: TracrFigures?) -> Row {
        Row(
            name: name, layers: model.layers.count, dModel: model.dModel, parameters: model.parameterCount,
            nonZeroParameters: model.nonZeroCount, headsPerLayer: model.layers.map(\.heads.count),
            mlpWidthPerLayer: model.layers.map { $0.feedForward.hiddenWidths.first ?? 0 }, tracr: tracr)
    }

    /// Compiles every program and returns one row each, in order.
    public static func rows(
        _ programs: [Program], options: RASPCompilerOptions = RASPCompilerOptions()
    ) throws(RASPCompileError) -> [Row] {
        var rows: [Row] = []
        for p in programs {
            let compiled = try RASPModelCompiler.compile(
                p.program, vocabulary: p.vocabulary, maxSeqLen: p.maxSeqLen, causal: p.causal, bos: p.bos, pad: p.pad,
                options: options)
            rows.append(row(name: p.name, model: compiled.model, tracr: p.tracr))
        }
        return rows
    }
}
