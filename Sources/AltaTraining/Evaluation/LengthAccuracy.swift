/// Accuracy of a model on random inputs of one length.
public struct LengthAccuracy: Codable, Equatable, Sendable {
    /// Input length (bits for parity).
    public var length: Int
    /// Inputs run.
    public var samples: Int
    /// Inputs whose output equals the interpreter's.
    public var correct: Int
    /// `correct / samples`.
    public var accuracy: Double { samples == 0 ? 0 : Double(correct) / Double(samples) }

    /// An entry of the table.
    public init(length: Int, samples: Int, correct: Int) {
        self.length = length
        self.samples = samples
        self.correct = correct
    }
}
