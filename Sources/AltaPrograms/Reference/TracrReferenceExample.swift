import RASP

extension TracrReference {
    /// One example input of a program with the reference outputs.
    public struct Example: Sendable {
        /// The input (without BOS).
        public let input: [Value]
        /// The RASP evaluator's output (the causal evaluator for causal programs).
        public let raspOutput: [Value?]
        /// Tracr's compiled output (argmax for categorical outputs, the float32 value for
        /// numerical ones; real positions only).
        public let compiledOutput: [Value?]
        /// For padded examples, the number of PAD tokens appended; 0 otherwise.
        public let padding: Int

        /// An unpadded example (`input`, `rasp_output`, `compiled_output`).
        init(_ r: Record) throws(TracrReferenceError) {
            input = try r.values("input")
            raspOutput = try r.optionalValues("rasp_output")
            compiledOutput = try r.optionalValues("compiled_output")
            padding = 0
        }

        /// A padded example (`input`, `n_pad`, `compiled_output`), whose RASP output is that of
        /// the same input in `unpadded`.
        init(_ r: Record, unpadded: [Example]) throws(TracrReferenceError) {
            input = try r.values("input")
            let input = self.input
            guard let match = unpadded.first(where: { $0.input == input }) else {
                throw .wrongType(r.owner, "input", expected: "one of the unpadded examples' inputs")
            }
            raspOutput = match.raspOutput
            compiledOutput = try r.optionalValues("compiled_output")
            padding = try r.int("n_pad")
        }
    }
}
