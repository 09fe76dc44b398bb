/// The key positions a head may attend to, as offsets `key − query` (ALTA's relative
/// masks). Keys at other offsets are excluded from the softmax.
public struct RelativePositionMask: Sendable, Equatable, Hashable, Codable {
    /// Allowed `key − query` offsets, ascending and distinct.
    public let allowedOffsets: [Int]

    /// A mask allowing exactly `offsets`.
    public init<S: Sequence>(allowing offsets: S) where S.Element == Int {
        self.allowedOffsets = Array(Set(offsets)).sorted()
    }

    /// Whether the key at `key` is visible from the query at `query`.
    @inlinable
    public func allows(query: Int, key: Int) -> Bool {
        allowedOffsets.contains(key - query)
    }
}
