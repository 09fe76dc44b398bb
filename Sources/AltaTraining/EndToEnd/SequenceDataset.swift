/// Input/output pairs for end-to-end training: token id sequences and, per position, the
/// target class (negative: the position carries no target and adds nothing to the loss).
public struct SequenceDataset: Sendable, Equatable {
    /// Input token ids per example.
    public let sequences: [[Int]]
    /// Target class per position of each example (parallel to `sequences`).
    public let targets: [[Int]]
    /// Example indices by sequence length, lengths ascending.
    public let buckets: [(length: Int, examples: [Int])]

    /// A dataset; throws when it is empty, an example is empty, a target list's length
    /// differs from its sequence's, or an example carries no target.
    public init(sequences: [[Int]], targets: [[Int]]) throws(TrainingError) {
        guard !sequences.isEmpty, sequences.count == targets.count else {
            throw .shapeMismatch("a sequence dataset needs at least one example and one target list per example "
                + "(\(sequences.count) sequences, \(targets.count) target lists)")
        }
        var byLength: [Int: [Int]] = [:]
        for (i, (sequence, target)) in zip(sequences, targets).enumerated() {
            guard !sequence.isEmpty, sequence.count == target.count, target.contains(where: { $0 >= 0 }) else {
                throw .shapeMismatch("example \(i) has \(sequence.count) tokens and \(target.count) targets, "
                    + "\(target.filter { $0 >= 0 }.count) of them set; each example needs tokens, one target slot per token and at least one target")
            }
            byLength[sequence.count, default: []].append(i)
        }
        self.sequences = sequences
        self.targets = targets
        self.buckets = byLength.keys.sorted().map { ($0, byLength[$0] ?? []) }
    }

    /// Number of examples.
    public var count: Int { sequences.count }
    /// The longest sequence.
    public var maxLength: Int { buckets.last?.length ?? 0 }

    public static func == (lhs: SequenceDataset, rhs: SequenceDataset) -> Bool {
        lhs.sequences == rhs.sequences && lhs.targets == rhs.targets
    }
}
