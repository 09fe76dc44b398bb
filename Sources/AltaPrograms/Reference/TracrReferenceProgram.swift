import RASP

extension TracrReference {
    /// One library program's record.
    public struct Program: Sendable {
        /// The key in the table (and the library name), e.g. `reverse`.
        public let name: String
        /// The group (`lib`, `primitive`, `causal`, `known_issue`).
        public let group: String
        public let vocabulary: [Value]
        public let maxSeqLen: Int
        public let causal: Bool
        public let compilerBOS: String
        public let compilerPAD: String
        /// Tracr's model: layers, residual width, parameters and non-zero parameters.
        public let layers: Int
        public let dModel: Int
        public let parameters: Int
        public let nonZeroParameters: Int
        public let headsPerLayer: [Int]
        public let mlpWidthPerLayer: [Int]
        /// The residual directions in Tracr's order (`label:value`, or the bare label).
        public let residualLabels: [String]
        /// The output s-op's label.
        public let outputLabel: String
        public let categoricalOutput: Bool
        /// Median warm compile time (s).
        public let compileTimeWarm: Double
        /// First compile in a fresh process (s).
        public let compileTimeFirstCall: Double
        /// Median jitted forward time on a [64, N+1] batch (ms).
        public let forwardBatch64: Double
        /// The expression graph, output first.
        public let nodes: [Node]
        /// 20 inputs with the evaluator's and Tracr's compiled outputs.
        public let examples: [Example]
        /// The same inputs right-padded with PAD, with Tracr's compiled outputs.
        public let paddedExamples: [Example]

        init(name: String, record r: Record) throws(TracrReferenceError) {
            self.name = name
            group = try r.string("group")
            vocabulary = try r.values("vocab")
            maxSeqLen = try r.int("max_seq_len")
            causal = r.json["causal"]?.bool ?? false
            compilerBOS = r.json["compiler_bos"]?.string ?? "BOS"
            compilerPAD = r.json["compiler_pad"]?.string ?? "PAD"
            layers = try r.int("num_layers")
            dModel = try r.int("d_model")
            parameters = try r.int("param_count_total")
            nonZeroParameters = try r.int("param_count_nonzero")
            headsPerLayer = (r.json["heads_used_per_layer"]?.array ?? []).compactMap(\.int)
            mlpWidthPerLayer = (r.json["mlp_hidden_used_per_layer"]?.array ?? []).compactMap(\.int)
            residualLabels = try r.strings("residual_labels")
            outputLabel = try r.string("output_label")
            categoricalOutput = r.json["categorical_output"]?.bool ?? true
            compileTimeWarm = r.json["compile_time_warm_median_s"]?.double ?? .nan
            compileTimeFirstCall = r.json["compile_time_first_call_s"]?.double ?? .nan
            forwardBatch64 = r.json["forward"]?["jit_batch64_median_ms"]?.double ?? .nan
            guard let nodes = try r.field("nodes").array else { throw .wrongType(name, "nodes", expected: "a list") }
            var parsedNodes: [Node] = []
            for (k, json) in nodes.enumerated() { parsedNodes.append(try Node(Record(owner: "\(name).nodes[\(k)]", json: json))) }
            self.nodes = parsedNodes
            guard let examples = try r.field("examples").array else { throw .wrongType(name, "examples", expected: "a list") }
            var unpadded: [Example] = []
            for (k, json) in examples.enumerated() { unpadded.append(try Example(Record(owner: "\(name).examples[\(k)]", json: json))) }
            self.examples = unpadded
            // Padded examples carry no RASP output: it is that of the same input unpadded.
            var padded: [Example] = []
            for (k, json) in (r.json["padded_examples"]?.array ?? []).enumerated() {
                padded.append(try Example(Record(owner: "\(name).padded_examples[\(k)]", json: json), unpadded: unpadded))
            }
            paddedExamples = padded
        }
    }
}
