import RASP

extension TracrReference {
    /// A program Tracr must reject (`_unsupported`), with how Tracr failed.
    public struct UnsupportedCase: Sendable {
        public let name: String
        /// The program, as Python-like text.
        public let program: String
        public let vocabulary: [Value]
        public let maxSeqLen: Int
        /// Why the program cannot be compiled.
        public let whyRejected: String
        /// Whether Tracr's static validator caught it.
        public let caughtByStaticValidation: Bool
        /// Tracr's static validator's messages (`name: reason`).
        public let staticValidationMessages: [String]

        init(_ r: Record) throws(TracrReferenceError) {
            name = try r.string("name")
            program = r.json["program"]?.string ?? ""
            vocabulary = try r.values("vocab")
            maxSeqLen = try r.int("max_seq_len")
            whyRejected = r.json["why_rejected"]?.string ?? ""
            caughtByStaticValidation = r.json["caught_by_static_validation"]?.bool ?? false
            staticValidationMessages = (r.json["static_validation_messages"]?.array ?? []).compactMap(\.string)
        }
    }
}
